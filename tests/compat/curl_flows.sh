#!/usr/bin/env bash
# The Orange and Console Connect flows of the provider documents, step by step with `curl`,
# against `cc sandbox` (the variables come from its exports). No official client exists for
# these two, so plain HTTP as the documents show it is the check: each step reads the ids it
# needs from the previous answers, as a person following the document would.
set -euo pipefail

say() { printf 'compat curl: %s\n' "$*" >&2; }
fail() { printf 'compat curl: FAILED: %s\n' "$*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is required"
# One JSON field of stdin, by a Python expression over `d` (no jq needed).
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- Orange Business Evolution Platform (provider document, steps 0-7) ---
O=$CC_ORANGE_URL P=$CC_ORANGE_PROJECT_ID
token=$(curl -sS --fail-with-body -u "$CC_ORANGE_CLIENT_ID:$CC_ORANGE_CLIENT_SECRET" \
    -d grant_type=client_credentials "$CC_ORANGE_TOKEN_URL" | field 'd["access_token"]')
[[ -n $token ]] || fail "orange: no access_token"
say "ok: orange token (client credentials)"
orange() { curl -sS --fail-with-body -H "X-API-Key: $CC_ORANGE_API_KEY" -H "Authorization: Bearer $token" "$@"; }
vpn=$(orange "$O/api/v1/projects/$P/network/virtualprivatenetworks" |
    field 'next(v["id"] for v in d if v["name"] == "VPNName3")')
say "ok: step 1, VPN VPNName3 is $vpn"
pop=$(orange "$O/api/v1/network/pointsofpresence/ipsec?limit=20&offset=0" |
    field 'next(p["popId"] for p in d if p["popId"] == "POP4")')
say "ok: step 2, POP $pop"
cred=$(orange "$O/api/v1/projects/$P/azure/credentials" |
    field 'next(c["id"] for c in d if c["name"] == "Azure_Credential_1")')
say "ok: step 3, credential $cred"
region=$(orange "$O/api/v1/projects/$P/azure/regions?azureCspCredentialId=$cred" |
    field 'next(r["name"] for r in d if r["name"] == "northeurope")')
say "ok: step 4, region $region"
group=$(orange "$O/api/v1/projects/$P/azure/resourcegroups?azureCspCredentialId=$cred&azureRegion=$region" |
    field 'next(g["name"] for g in d if g["name"] == "rg-3")')
say "ok: step 5, resource group $group"
vnet=$(orange "$O/api/v1/projects/$P/network/virtualprivatenetworks" |
    field 'next(v["name"] for v in d if v["name"] == "vnet-02")')
say "ok: step 6, virtual network $vnet"
body=$(printf '{"name":"curl flow","state":"ACTIVE","bandWidth":50,"technicalVpnId":"%s","azureCredentialId":"%s","primaryPopLocalization":"%s","azureRegion":"%s","resourceGroupName":"%s","vnetName":"%s","azureAsn":64512,"networkSideAsn":64513}' \
    "$vpn" "$cred" "$pop" "$region" "$group" "$vnet")
created=$(orange -H 'Content-Type: application/json' -d "$body" \
    "$O/api/v1/projects/$P/azure/cloudconnectors/publicstandarddynamics")
id=$(field 'd["id"]' <<<"$created")
[[ $(field 'd["vnetName"]' <<<"$created") == vnet-02 ]] || fail "orange: the created connector lost its vnetName"
say "ok: step 7, cloud connector $id ordered"

# --- Console Connect, Azure ExpressRoute layer 2 (provider document) ---
C=$CC_CONSOLE_CONNECT_URL/api/company/$CC_CONSOLE_CONNECT_COMPANY
console() { curl -sS --fail-with-body -H "Authorization: Bearer $CC_CONSOLE_CONNECT_TOKEN" -H 'Content-Type: application/json' "$@"; }
key=6ba1c2d3-0000-4000-8000-00000000c0de
valid=$(console -d "{\"serviceKey\":\"$key\"}" \
    "$C/connections/directConnectPartner/AZURE/layer2/serviceKey" | field 'd.get("valid")')
[[ $valid == True ]] || fail "console-connect: the service key was not valid: $valid"
say "ok: service key verified"
port=$(console "$C/ports?deleted=false" | field 'd["results"][0]["id"]')
say "ok: port $port"
order=$(console -X PUT -d "{\"azureServiceKey\":\"$key\",\"name\":\"curl flow\",\"srcPort\":[{\"portId\":\"$port\"}],\"speed\":100,\"paymentType\":\"payg\"}" \
    "$C/connections/directConnectPartner/AZURE/layer2/create")
group_id=$(field 'd["id"]' <<<"$order")
say "ok: Azure connection $group_id ordered"
console "$C/connections/$group_id" | field 'd["id"]' >/dev/null
say "ok: the order reads back"
