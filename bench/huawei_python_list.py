"""The official Huawei Cloud Connect SDK (huaweicloudsdkcc) listing every cloud connection the way
a script does: ListCloudConnections with limit=2000 (the page size cc asks for), then again with
marker=page_info.next_marker until there is none. Used by bench/run against `cc sandbox`.

Credentials and account come from the sandbox's exports of the SDK's own variables
(CLOUD_SDK_AK, CLOUD_SDK_SK, HUAWEICLOUD_SDK_DOMAIN_ID), the endpoint from CC_HUAWEI_URL (the
sandbox serves the gateway at its root, where the SDK looks). Prints the cloud connections as one
JSON array of the SDK's own dicts, like `cc huawei list -o json`.
"""

import json
import os
import sys

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcc.v3 import CcClient, ListCloudConnectionsRequest

PAGE_SIZE = 2000  # cc's src/providers/huawei/paths.rs PAGE_SIZE: the same round trips

credentials = GlobalCredentials(
    os.environ["CLOUD_SDK_AK"],
    os.environ["CLOUD_SDK_SK"],
    os.environ["HUAWEICLOUD_SDK_DOMAIN_ID"],
)
client = (
    CcClient.new_builder()
    .with_credentials(credentials)
    .with_endpoints([os.environ["CC_HUAWEI_URL"]])
    .build()
)

connections, marker, pages = [], None, 0
while True:
    page = client.list_cloud_connections(ListCloudConnectionsRequest(limit=PAGE_SIZE, marker=marker))
    pages += 1
    connections.extend(c.to_dict() for c in page.cloud_connections or [])
    marker = page.page_info.next_marker if page.page_info else None
    if not marker:
        break
json.dump(connections, sys.stdout, default=str)
sys.stdout.write("\n")
if os.environ.get("BENCH_HUAWEI_PAGES"):  # bench/run's untimed check run counts the requests
    print(f"huawei_python_list: {pages} pages, {len(connections)} cloud connections", file=sys.stderr)
