/*
 * A C caller of rollport.host.zk/1, built by the host tests as a shared library so that the
 * service is exercised through the header alone, as an adapter written in C uses it:
 *
 *     cc -std=c11 -Wall -Werror -shared -fPIC -I PluginSDK/include zk_client.c -o libzk_client.so
 *
 * Each entry looks the table up through host->get_extension, calls one function and copies the
 * error text the host reports (if any) into the caller's buffer.
 */
#include <string.h>

#include "rollport.h"

typedef struct {
    char *text;
    size_t capacity;
    size_t length;
} message_buffer;

static void collect_error(void *ctx, rollport_bytes message) {
    message_buffer *buffer = ctx;
    size_t room = buffer->capacity - 1 - buffer->length;
    size_t n = message.len < room ? message.len : room;
    if (n > 0) memcpy(buffer->text + buffer->length, message.ptr, n);
    buffer->length += n;
    buffer->text[buffer->length] = '\0';
}

static const rollport_host_zk_v1 *zk_table(const rollport_host *host) {
    const rollport_host_zk_v1 *zk = host->get_extension(host, ROLLPORT_HOST_ZK_V1);
    if (zk == NULL || zk->struct_size < sizeof(rollport_host_zk_v1)) return NULL;
    return zk;
}

static rollport_bytes span(const uint8_t *ptr, size_t len) {
    rollport_bytes b = {len == 0 ? NULL : ptr, len};
    return b;
}

/* Returns the status, or -1 when the host does not offer the service. *holds is 0 or 1 on
 * ROLLPORT_OK and left at -1 otherwise. */
int zk_client_pairing_check(const rollport_host *host, const uint8_t *input, size_t input_len,
                            int *holds, char *message, size_t message_capacity) {
    const rollport_host_zk_v1 *zk = zk_table(host);
    if (zk == NULL) return -1;
    message_buffer buffer = {message, message_capacity, 0};
    message[0] = '\0';
    rollport_output output = {sizeof(rollport_output), &buffer, NULL, collect_error};
    bool result = false;
    *holds = -1;
    rollport_status status = zk->bn254_pairing_check(host, span(input, input_len), &result, &output);
    if (status == ROLLPORT_OK) *holds = result ? 1 : 0;
    return (int)status;
}

int zk_client_groth16_verify(const rollport_host *host, const uint8_t *key, size_t key_len,
                             const uint8_t *proof, size_t proof_len, const uint8_t *inputs,
                             size_t inputs_len, char *message, size_t message_capacity) {
    const rollport_host_zk_v1 *zk = zk_table(host);
    if (zk == NULL) return -1;
    message_buffer buffer = {message, message_capacity, 0};
    message[0] = '\0';
    rollport_output output = {sizeof(rollport_output), &buffer, NULL, collect_error};
    return (int)zk->groth16_verify(host, span(key, key_len), span(proof, proof_len),
                                   span(inputs, inputs_len), &output);
}
