// CMQTT: an MQTT 3.1.1 publisher over Debian's libmosquitto, reduced to
// blocking calls with timeouts so that Swift never sees a callback or a
// pointer it must keep alive. One handle is used by one thread at a time.
// Every call returns 0 or a negative code; fg_mqtt_error names it.
#ifndef CMQTT_H
#define CMQTT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fg_mqtt fg_mqtt;

/// A client with `client_id`; `username`/`password` may be NULL (no
/// authentication). With `ca_file` set the connection uses TLS and checks the
/// broker's certificate against it (and its host name unless `insecure`);
/// `cert_file`/`key_file` add a client certificate. `will_topic` (may be
/// NULL) is published retained with `will_payload` when the link is lost.
/// NULL with `*error` set (negative) when the library refuses a setting.
fg_mqtt *fg_mqtt_new(const char *client_id, const char *username, const char *password, const char *ca_file, const char *cert_file,
                     const char *key_file, int insecure, const char *will_topic, const char *will_payload, int *error);
void fg_mqtt_free(fg_mqtt *client);

/// Connects and waits up to `timeout_ms` for the broker's answer. 0 when
/// accepted; -1000 - code when the broker refused (5: not authorised).
int fg_mqtt_connect(fg_mqtt *client, const char *host, int port, int keepalive_seconds, int timeout_ms);

/// Publishes `payload` and waits up to `timeout_ms` until QoS 1 is
/// acknowledged (QoS 0: until it is written). 0 when delivered.
int fg_mqtt_publish(fg_mqtt *client, const char *topic, const void *payload, int length, int qos, int retain, int timeout_ms);

/// Keeps an idle link alive (pings, answers) for up to `timeout_ms`; 0 while connected.
int fg_mqtt_service(fg_mqtt *client, int timeout_ms);

void fg_mqtt_disconnect(fg_mqtt *client);

/// One line naming a code from the calls above.
const char *fg_mqtt_error(int code);

#ifdef __cplusplus
}
#endif

#endif
