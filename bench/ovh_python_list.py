"""The official python `ovh` client listing OVHcloud Connect services the way a script does:
the ids, then each service, one request after the other. Used by bench/run against `cc sandbox`.

python-ovh only takes endpoint names, so the `ovh-eu` entry of its ENDPOINTS table is pointed at
the sandbox (CC_OVH_URL, a base ending in /1.0); credentials come from the sandbox's exports
(OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY). Prints the services as one JSON
array, like `cc ovh list -o json`.
"""

import json
import os
import sys

import ovh
import ovh.client

ovh.client.ENDPOINTS["ovh-eu"] = os.environ["CC_OVH_URL"]
client = ovh.Client(
    endpoint="ovh-eu",
    application_key=os.environ["OVH_APPLICATION_KEY"],
    application_secret=os.environ["OVH_APPLICATION_SECRET"],
    consumer_key=os.environ["OVH_CONSUMER_KEY"],
)
ids = client.get("/ovhCloudConnect")
services = [client.get("/ovhCloudConnect/" + uuid) for uuid in ids]
json.dump(services, sys.stdout)
sys.stdout.write("\n")
