"""The official Huawei Cloud Connect SDK (huaweicloudsdkcc) against `cc sandbox`, unchanged.

Reads the variables `cc sandbox` exports (HUAWEICLOUD_SDK_AK/_SK/_DOMAIN_ID, CC_HUAWEI_URL) and
runs create, paged list, show, update and delete of a cloud connection, two network instances,
a bandwidth package and an inter-region bandwidth, tags the cloud connection, and checks that a
missing cloud connection raises the SDK's own 404 exception with its error_code.
"""

import os
import sys
import time

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcc.v3 import *  # noqa: F403 (the SDK's own sample style)
from huaweicloudsdkcc.v3 import CcClient

PROJECT = "0b8d2f1a9c7e4d3b8a6f5e4d3c2b1a09"


def check(cond, what):
    if not cond:
        print(f"compat huawei: FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"compat huawei: ok: {what}")


credentials = GlobalCredentials(
    os.environ["HUAWEICLOUD_SDK_AK"],
    os.environ["HUAWEICLOUD_SDK_SK"],
    os.environ["HUAWEICLOUD_SDK_DOMAIN_ID"],
)
client = (
    CcClient.new_builder()
    .with_credentials(credentials)
    .with_endpoints([os.environ["CC_HUAWEI_URL"]])
    .build()
)

# Cloud connection: create, paged list, show, update, tag.
created = client.create_cloud_connection(
    CreateCloudConnectionRequest(
        body=CreateCloudConnectionRequestBody(
            cloud_connection=CreateCloudConnection(name="sdk-lisbon", description="from the SDK")
        )
    )
).cloud_connection
check(created.name == "sdk-lisbon" and created.id, "create cloud connection")
cc_id = created.id

seen, marker, pages = [], None, 0
while True:
    page = client.list_cloud_connections(ListCloudConnectionsRequest(limit=10, marker=marker))
    pages += 1
    seen.extend(c.id for c in page.cloud_connections)
    marker = page.page_info.next_marker if page.page_info else None
    if not marker or pages > 20:
        break
check(pages >= 3 and cc_id in seen and len(seen) == len(set(seen)), f"list cloud connections paged ({len(seen)} in {pages} pages)")

shown = client.show_cloud_connection(ShowCloudConnectionRequest(id=cc_id)).cloud_connection
check(shown.id == cc_id and shown.description == "from the SDK", "show cloud connection")
updated = client.update_cloud_connection(
    UpdateCloudConnectionRequest(
        id=cc_id,
        body=UpdateCloudConnectionRequestBody(
            cloud_connection=UpdateCloudConnection(name="sdk-lisbon-2", description="renamed")
        ),
    )
).cloud_connection
check(updated.name == "sdk-lisbon-2", "update cloud connection")
client.tag_cloud_connection(
    TagCloudConnectionRequest(
        id=cc_id, body=TagCloudConnectionRequestBody(tags=[Tag(key="env", value="compat")])
    )
)
shown = client.show_cloud_connection(ShowCloudConnectionRequest(id=cc_id)).cloud_connection
check(any(t.key == "env" and t.value == "compat" for t in (shown.tags or [])), "tag cloud connection")

# Network instances on two regions.
ni_ids = []
for name, region, cidr, vpc in [
    ("sdk-vpc-lisbon", "eu-west-101", "10.10.0.0/16", "11111111-2222-4333-8444-555555555555"),
    ("sdk-vpc-tokyo", "ap-northeast-1", "10.20.0.0/16", "66666666-7777-4888-8999-aaaaaaaaaaaa"),
]:
    ni = client.create_network_instance(
        CreateNetworkInstanceRequest(
            body=CreateNetworkInstanceRequestBody(
                network_instance=CreateNetworkInstance(
                    name=name,
                    type="vpc",
                    instance_id=vpc,
                    project_id=PROJECT,
                    region_id=region,
                    cloud_connection_id=cc_id,
                    cidrs=[cidr],
                )
            )
        )
    ).network_instance
    ni_ids.append(ni.id)
check(len(ni_ids) == 2, "create network instances")
listed = client.list_network_instances(ListNetworkInstancesRequest(cloud_connection_id=[cc_id]))
check({n.id for n in listed.network_instances} >= set(ni_ids), "list network instances")
for _ in range(100):
    states = [
        client.show_network_instance(ShowNetworkInstanceRequest(id=i)).network_instance.status
        for i in ni_ids
    ]
    if all(s == "ACTIVE" for s in states):
        break
    time.sleep(0.1)
check(all(s == "ACTIVE" for s in states), f"network instances become ACTIVE ({states})")
ni = client.update_network_instance(
    UpdateNetworkInstanceRequest(
        id=ni_ids[0],
        body=UpdateNetworkInstanceRequestBody(
            network_instance=UpdateNetworkInstance(description="updated by the SDK")
        ),
    )
).network_instance
check(ni.description == "updated by the SDK", "update network instance")

# Bandwidth package bound to the cloud connection.
bwp = client.create_bandwidth_package(
    CreateBandwidthPackageRequest(
        body=CreateBandwidthPackageRequestBody(
            bandwidth_package=CreateBandwidthPackage(
                name="sdk-bwp",
                project_id=PROJECT,
                local_area_id="Asia-Pacific",
                remote_area_id="Asia-Pacific",
                charge_mode="bandwidth",
                billing_mode=4,
                bandwidth=10,
                resource_id=cc_id,
                resource_type="cloud_connection",
            )
        )
    )
).bandwidth_package
check(bwp.id and bwp.resource_id == cc_id, "create bandwidth package")
listed = client.list_bandwidth_packages(ListBandwidthPackagesRequest(limit=10))
check(listed.bandwidth_packages is not None, "list bandwidth packages")
check(
    client.show_bandwidth_package(ShowBandwidthPackageRequest(id=bwp.id)).bandwidth_package.name
    == "sdk-bwp",
    "show bandwidth package",
)
bwp2 = client.update_bandwidth_package(
    UpdateBandwidthPackageRequest(
        id=bwp.id,
        body=UpdateBandwidthPackageRequestBody(
            bandwidth_package=UpdateBandwidthPackage(bandwidth=20)
        ),
    )
).bandwidth_package
check(bwp2.bandwidth == 20, "update bandwidth package")

# Inter-region bandwidth between the two regions.
irb = client.create_inter_region_bandwidth(
    CreateInterRegionBandwidthRequest(
        body=CreateInterRegionBandwidthRequestBody(
            inter_region_bandwidth=CreateInterRegionBandwidth(
                cloud_connection_id=cc_id,
                bandwidth_package_id=bwp.id,
                bandwidth=5,
                inter_region_ids=["eu-west-101", "ap-northeast-1"],
            )
        )
    )
).inter_region_bandwidth
check(irb.id, "create inter-region bandwidth")
listed = client.list_inter_region_bandwidths(ListInterRegionBandwidthsRequest())
check(irb.id in [i.id for i in listed.inter_region_bandwidths], "list inter-region bandwidths")
check(
    client.show_inter_region_bandwidth(
        ShowInterRegionBandwidthRequest(id=irb.id)
    ).inter_region_bandwidth.bandwidth
    == 5,
    "show inter-region bandwidth",
)
irb2 = client.update_inter_region_bandwidth(
    UpdateInterRegionBandwidthRequest(
        id=irb.id,
        body=UpdateInterRegionBandwidthRequestBody(
            inter_region_bandwidth=UpdateInterRegionBandwidth(bandwidth=8)
        ),
    )
).inter_region_bandwidth
check(irb2.bandwidth == 8, "update inter-region bandwidth")

# Delete everything, dependants first.
client.delete_inter_region_bandwidth(DeleteInterRegionBandwidthRequest(id=irb.id))
client.delete_bandwidth_package(DeleteBandwidthPackageRequest(id=bwp.id))
for i in ni_ids:
    client.delete_network_instance(DeleteNetworkInstanceRequest(id=i))
for _ in range(100):
    left = [
        n.id
        for n in client.list_network_instances(
            ListNetworkInstancesRequest(cloud_connection_id=[cc_id])
        ).network_instances
    ]
    if not left:
        break
    time.sleep(0.1)
client.delete_cloud_connection(DeleteCloudConnectionRequest(id=cc_id))
check(True, "delete inter-region bandwidth, bandwidth package, network instances, cloud connection")

# A missing cloud connection: the SDK's own 404 exception, with the gateway's error_code.
try:
    client.show_cloud_connection(ShowCloudConnectionRequest(id=cc_id))
except exceptions.ClientRequestException as e:
    check(e.status_code == 404 and e.error_code, f"missing cloud connection: 404 {e.error_code}")
else:
    check(False, "missing cloud connection raises")
