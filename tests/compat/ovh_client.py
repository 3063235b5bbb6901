"""The official python `ovh` client against `cc sandbox`, unchanged but for its endpoint table.

python-ovh only takes endpoint names, so the `ovh-eu` entry of ovh.client.ENDPOINTS is pointed at
the URL the sandbox prints (OVH_ENDPOINT, a base ending in /1.0); the credentials are its exports
(OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), every call signed as the client
signs. Flows: /auth/time, list services, read interfaces, an L2 and an L3 POP configuration
followed through their task to `done`, the link's health (interface and BGP status,
statistics, incidents, a diagnostic followed to `done`), and attaching a service to a vRack.
"""

import os
import sys
import time

import ovh
import ovh.client

L2_SERVICE = "5f8f3b52-0000-4000-8000-000000000001"  # seeded: L2-ready, no configuration
L3_SERVICE = "5f8f3b52-0000-4000-8000-000000000003"  # seeded: in a vRack, no configuration
EMPTY_VRACK = "pn-1000003"


def check(cond, what):
    if not cond:
        print(f"compat ovh: FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"compat ovh: ok: {what}")


ovh.client.ENDPOINTS["ovh-eu"] = os.environ["OVH_ENDPOINT"]
client = ovh.Client(
    endpoint="ovh-eu",
    application_key=os.environ["OVH_APPLICATION_KEY"],
    application_secret=os.environ["OVH_APPLICATION_SECRET"],
    consumer_key=os.environ["OVH_CONSUMER_KEY"],
)

server_time = client.get("/auth/time", _need_auth=False)
check(isinstance(server_time, int) and abs(server_time - time.time()) < 60, "/auth/time")

services = client.get("/ovhCloudConnect")
check(L2_SERVICE in services and L3_SERVICE in services, f"list services ({len(services)})")
service = client.get(f"/ovhCloudConnect/{L2_SERVICE}")
check(service.get("uuid") == L2_SERVICE, "read a service")


def first_interface(uuid):
    ids = client.get(f"/ovhCloudConnect/{uuid}/interface")
    check(ids, f"interfaces of {uuid}")
    interface = client.get(f"/ovhCloudConnect/{uuid}/interface/{ids[0]}")
    check(interface.get("id") == ids[0], f"read interface {ids[0]}")
    return ids[0]


def follow(uuid, task, what):
    for _ in range(200):
        task = client.get(f"/ovhCloudConnect/{uuid}/task/{task['id']}")
        if task.get("status") == "done":
            break
        time.sleep(0.05)
    check(task.get("status") == "done", f"{what}: task {task['id']} done ({task.get('status')})")


interface = first_interface(L2_SERVICE)
task = client.post(f"/ovhCloudConnect/{L2_SERVICE}/config/pop", interfaceId=interface, type="l2")
follow(L2_SERVICE, task, "L2 POP configuration")
pops = client.get(f"/ovhCloudConnect/{L2_SERVICE}/config/pop")
pop = client.get(f"/ovhCloudConnect/{L2_SERVICE}/config/pop/{pops[0]}")
check(pop.get("type") == "l2" and pop.get("status") == "active", f"L2 POP configuration {pop}")

interface = first_interface(L3_SERVICE)
task = client.post(
    f"/ovhCloudConnect/{L3_SERVICE}/config/pop",
    interfaceId=interface,
    type="l3",
    customerBgpArea=65001,
    ovhBgpArea=65100,
    subnet="192.0.2.0/30",
)
follow(L3_SERVICE, task, "L3 POP configuration")
pops = client.get(f"/ovhCloudConnect/{L3_SERVICE}/config/pop")
pop = client.get(f"/ovhCloudConnect/{L3_SERVICE}/config/pop/{pops[0]}")
check(pop.get("type") == "l3" and pop.get("subnet") == "192.0.2.0/30", f"L3 POP configuration {pop}")

# Link health (issue 22): what `cc ovh status`, `stats` and `diagnose` read, through the client.
status = client.get(f"/ovhCloudConnect/{L3_SERVICE}/interface/{interface}/status")
check(status.get("status") in ("up", "down"), f"interface status {status}")
samples = client.get(
    f"/ovhCloudConnect/{L3_SERVICE}/interface/{interface}/statistics",
    period="daily",
    type="traffic:download",
)
check(samples and "value" in samples[0] and "timestamp" in samples[0], f"statistics ({len(samples)})")
bgp = client.get(f"/ovhCloudConnect/{L3_SERVICE}/config/pop/{pops[0]}/status")
check("flapCount" in bgp, f"BGP session status {bgp}")
incidents = client.get(f"/ovhCloudConnect/{L3_SERVICE}/incident")
check(isinstance(incidents, list), f"incidents ({len(incidents)})")
diagnostic = client.post(
    f"/ovhCloudConnect/{L3_SERVICE}/diagnostic", popConfigId=pops[0], diagnosticName="diagRoutes"
)
for _ in range(200):
    diagnostic = client.get(f"/ovhCloudConnect/{L3_SERVICE}/diagnostic/{diagnostic['id']}")
    if diagnostic.get("status") == "done":
        break
    time.sleep(0.05)
check(diagnostic.get("status") == "done" and diagnostic.get("result"), "diagnostic followed to done")

allowed = client.get(f"/vrack/{EMPTY_VRACK}/allowedServices")
check(L2_SERVICE in (allowed.get("ovhCloudConnect") or []), "vRack allowed services")
task = client.post(f"/vrack/{EMPTY_VRACK}/ovhCloudConnect", ovhCloudConnect=L2_SERVICE)
for _ in range(200):
    if L2_SERVICE in client.get(f"/vrack/{EMPTY_VRACK}/ovhCloudConnect"):
        break
    time.sleep(0.05)
check(L2_SERVICE in client.get(f"/vrack/{EMPTY_VRACK}/ovhCloudConnect"), "attach to a vRack")

try:
    client.get("/ovhCloudConnect/00000000-0000-4000-8000-00000000dead")
except ovh.exceptions.ResourceNotFoundError as e:
    check(True, f"missing service: the client's ResourceNotFoundError ({e})")
else:
    check(False, "missing service raises")
