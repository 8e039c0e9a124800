// CMosquitto exists only to carry libmosquitto's linker flags (pkg-config
// `libmosquitto`, Debian package `libmosquitto-dev`) to CMQTT. No Swift code
// imports it; mosquitto.h is included by CMQTT alone.
#include <mosquitto.h>
