// See CMQTT.h. libmosquitto's callbacks only set fields of the handle;
// the calls below drive mosquitto_loop until the field they wait for is set.
#include "CMQTT.h"

#include <mosquitto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fg_mqtt {
    struct mosquitto *mosq;
    int connack;       // -1 until CONNACK, then its code
    int connected;     // 1 between an accepted CONNACK and a disconnect
    int acked_mid;     // the last message id the broker acknowledged
};

static pthread_once_t library_once = PTHREAD_ONCE_INIT;
static void library_init(void) { mosquitto_lib_init(); }

static void on_connect(struct mosquitto *mosq, void *data, int rc) {
    (void)mosq;
    fg_mqtt *client = data;
    client->connack = rc;
    client->connected = rc == 0;
}

static void on_disconnect(struct mosquitto *mosq, void *data, int rc) {
    (void)mosq;
    (void)rc;
    ((fg_mqtt *)data)->connected = 0;
}

static void on_publish(struct mosquitto *mosq, void *data, int mid) {
    (void)mosq;
    ((fg_mqtt *)data)->acked_mid = mid;
}

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

fg_mqtt *fg_mqtt_new(const char *client_id, const char *username, const char *password, const char *ca_file, const char *cert_file,
                     const char *key_file, int insecure, const char *will_topic, const char *will_payload, int *error) {
    pthread_once(&library_once, library_init);
    fg_mqtt *client = calloc(1, sizeof *client);
    if (!client) {
        *error = -MOSQ_ERR_NOMEM;
        return NULL;
    }
    client->connack = -1;
    client->acked_mid = -1;
    client->mosq = mosquitto_new(client_id, true, client);
    if (!client->mosq) {
        free(client);
        *error = -MOSQ_ERR_NOMEM;
        return NULL;
    }
    mosquitto_connect_callback_set(client->mosq, on_connect);
    mosquitto_disconnect_callback_set(client->mosq, on_disconnect);
    mosquitto_publish_callback_set(client->mosq, on_publish);
    int rc = MOSQ_ERR_SUCCESS;
    if (username) rc = mosquitto_username_pw_set(client->mosq, username, password);
    if (rc == MOSQ_ERR_SUCCESS && ca_file) {
        rc = mosquitto_tls_set(client->mosq, ca_file, NULL, cert_file, key_file, NULL);
        if (rc == MOSQ_ERR_SUCCESS && insecure) rc = mosquitto_tls_insecure_set(client->mosq, true);
    }
    if (rc == MOSQ_ERR_SUCCESS && will_topic)
        rc = mosquitto_will_set(client->mosq, will_topic, (int)strlen(will_payload), will_payload, 1, true);
    if (rc != MOSQ_ERR_SUCCESS) {
        mosquitto_destroy(client->mosq);
        free(client);
        *error = -rc;
        return NULL;
    }
    return client;
}

void fg_mqtt_free(fg_mqtt *client) {
    if (!client) return;
    mosquitto_destroy(client->mosq);
    free(client);
}

int fg_mqtt_connect(fg_mqtt *client, const char *host, int port, int keepalive_seconds, int timeout_ms) {
    client->connack = -1;
    client->connected = 0;
    int rc = mosquitto_connect(client->mosq, host, port, keepalive_seconds);
    if (rc != MOSQ_ERR_SUCCESS) return -rc;
    long long deadline = now_ms() + timeout_ms;
    while (client->connack < 0) {
        long long left = deadline - now_ms();
        if (left <= 0) return -MOSQ_ERR_TIMEOUT;
        rc = mosquitto_loop(client->mosq, (int)(left < 100 ? left : 100), 1);
        if (rc != MOSQ_ERR_SUCCESS && client->connack < 0) return -rc;
    }
    return client->connack == 0 ? 0 : -1000 - client->connack;
}

int fg_mqtt_publish(fg_mqtt *client, const char *topic, const void *payload, int length, int qos, int retain, int timeout_ms) {
    if (!client->connected) return -MOSQ_ERR_NO_CONN;
    int mid = 0;
    int rc = mosquitto_publish(client->mosq, &mid, topic, length, payload, qos, retain != 0);
    if (rc != MOSQ_ERR_SUCCESS) return -rc;
    long long deadline = now_ms() + timeout_ms;
    while (client->acked_mid != mid) {
        long long left = deadline - now_ms();
        if (left <= 0) return -MOSQ_ERR_TIMEOUT;
        rc = mosquitto_loop(client->mosq, (int)(left < 100 ? left : 100), 1);
        if (rc != MOSQ_ERR_SUCCESS) return -rc;
        if (!client->connected) return -MOSQ_ERR_CONN_LOST;
    }
    return 0;
}

int fg_mqtt_service(fg_mqtt *client, int timeout_ms) {
    if (!client->connected) return -MOSQ_ERR_NO_CONN;
    int rc = mosquitto_loop(client->mosq, timeout_ms, 1);
    if (rc != MOSQ_ERR_SUCCESS) return -rc;
    return client->connected ? 0 : -MOSQ_ERR_CONN_LOST;
}

void fg_mqtt_disconnect(fg_mqtt *client) {
    if (client->connected) {
        mosquitto_disconnect(client->mosq);
        mosquitto_loop(client->mosq, 100, 1);
    }
    client->connected = 0;
}

const char *fg_mqtt_error(int code) {
    if (code <= -1000) return mosquitto_connack_string(-1000 - code);
    if (code == -MOSQ_ERR_ERRNO) return "connection failed (the broker is down or unreachable)";
    return mosquitto_strerror(-code);
}
