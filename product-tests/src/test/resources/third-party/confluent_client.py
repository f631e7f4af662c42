"""A third party's program, written only against Confluent's Python client and the product's published schemas.

It fetches each topic's schema from the product's Schema Registry API, registers a device, sends its heartbeats and
opens a ticket (contract it-fast: RESPONSE 6 s), then reads sla-escalations (read_committed) until the product
escalates that ticket, and prints that escalation as JSON. Usage:

    confluent_client.py BOOTSTRAP REGISTRY_URL TICKET_ID [CONTRACT SEVERITY]

On a locked console, SR_USER_INFO=user:password gives the registry login and SR_CA the certificate (PEM) to trust.
"""
import json
import os
import sys
import time

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer

bootstrap, registry_url, ticket_id = sys.argv[1:4]
contract, severity = (sys.argv[4:6] + ["it-fast", "P1"][len(sys.argv[4:6]):])[:2]
registry_settings = {"url": registry_url}
if os.environ.get("SR_USER_INFO"):
    registry_settings["basic.auth.user.info"] = os.environ["SR_USER_INFO"]
if os.environ.get("SR_CA"):
    registry_settings["ssl.ca.location"] = os.environ["SR_CA"]
    for bundle in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests would trust these instead (psf/requests#3829)
        os.environ.pop(bundle, None)
registry = SchemaRegistryClient(registry_settings)


def producer_for(topic):
    schema = registry.get_latest_version(topic + "-value").schema.schema_str
    return SerializingProducer({
        "bootstrap.servers": bootstrap,
        "key.serializer": StringSerializer("utf_8"),
        "value.serializer": AvroSerializer(registry, schema, lambda record, ctx: record),
    })


def now_ms():
    return int(time.time() * 1000)


device = {"deviceId": "py-terminal-1", "deviceType": "CLOUD_TERMINAL", "siteId": "py-school", "parentDeviceId": None,
          "contractId": contract, "warrantyUntil": None, "critical": False}
registry_topic = producer_for("device-registry")
registry_topic.produce("device-registry", key=device["deviceId"], value=device)
registry_topic.flush(30)

heartbeats = producer_for("device-heartbeats")
tickets = producer_for("fault-tickets")
for _ in range(3):
    heartbeats.produce("device-heartbeats", key=device["deviceId"], value={
        "deviceId": device["deviceId"], "deviceType": "CLOUD_TERMINAL", "siteId": "py-school", "timestamp": now_ms(),
        "status": "OK", "cpuPct": 12.5, "memPct": 30.0, "temperatureC": 41.0, "packetLossPct": 0.0, "firmware": "2.4.1"})
    heartbeats.flush(30)
    time.sleep(0.5)
tickets.produce("fault-tickets", key=ticket_id, value={
    "ticketId": ticket_id, "type": "OPENED", "timestamp": now_ms(), "siteId": "py-school", "deviceId": device["deviceId"],
    "contractId": contract, "severity": severity, "category": "HARDWARE", "actor": "python", "satisfaction": None,
    "note": "opened by a third-party client"})
tickets.flush(30)

consumer = DeserializingConsumer({
    "bootstrap.servers": bootstrap,
    "group.id": "third-party-" + ticket_id,
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
    "key.deserializer": StringDeserializer("utf_8"),
    "value.deserializer": AvroDeserializer(registry),
})
consumer.subscribe(["sla-escalations"])
deadline = time.time() + 90
try:
    while time.time() < deadline:
        message = consumer.poll(1.0)
        if message is None or message.error():
            continue
        escalation = message.value()
        if escalation.get("ticketId") == ticket_id:
            print(json.dumps(escalation))
            sys.exit(0)
finally:
    consumer.close()
print("no escalation of " + ticket_id + " within 90 s", file=sys.stderr)
sys.exit(1)
