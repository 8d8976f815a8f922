/*
 * A C caller of rollport.host.l1/1, built by the host tests as a shared library so that the
 * service is exercised through the header alone, as an adapter written in C uses it:
 *
 *     cc -std=c11 -Wall -Werror -shared -fPIC -I PluginSDK/include l1_client.c -o libl1_client.so
 *
 * Each entry looks the table up through host->get_extension, makes one read and copies the
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

static rollport_status refuse(void *ctx, const rollport_record *record) {
    (void)ctx;
    (void)record;
    return ROLLPORT_OUTPUT_REFUSED;
}

static const rollport_host_l1_v1 *l1_table(const rollport_host *host) {
    const rollport_host_l1_v1 *l1 = host->get_extension(host, ROLLPORT_HOST_L1_V1);
    if (l1 == NULL || l1->struct_size < sizeof(rollport_host_l1_v1)) return NULL;
    return l1;
}

/* The block at `number`: its hash and parent hash (32 bytes each) and timestamp. */
int32_t l1_client_block(const rollport_host *host, uint64_t number, uint8_t hash_out[32],
                        uint8_t parent_out[32], uint64_t *timestamp_out, char *message,
                        size_t capacity) {
    const rollport_host_l1_v1 *l1 = l1_table(host);
    if (l1 == NULL) return ROLLPORT_UNSUPPORTED;
    message_buffer buffer = {message, capacity, 0};
    message[0] = '\0';
    rollport_output error = {sizeof(rollport_output), &buffer, refuse, collect_error};
    rollport_l1_block_ref ref;
    memset(&ref, 0, sizeof ref);
    ref.struct_size = sizeof ref;
    rollport_status status = l1->block_by_number(host, number, &ref, &error);
    if (status == ROLLPORT_OK) {
        if (!ref.has_block || ref.number != number) return ROLLPORT_INTERNAL;
        memcpy(hash_out, ref.hash.bytes, 32);
        memcpy(parent_out, ref.parent_hash.bytes, 32);
        *timestamp_out = ref.timestamp;
        /* The same block by hash. */
        rollport_l1_block_ref again;
        memset(&again, 0, sizeof again);
        again.struct_size = sizeof again;
        status = l1->block_by_hash(host, &ref.hash, &again, &error);
        if (status == ROLLPORT_OK && again.number != number) return ROLLPORT_INTERNAL;
    }
    return status;
}

typedef struct {
    uint32_t count;
    uint64_t last_block;
    uint32_t data_bytes;
} log_tally;

static void count_log(void *ctx, const rollport_l1_block_ref *block, const rollport_log *log) {
    log_tally *tally = ctx;
    tally->count += 1;
    tally->last_block = block->number;
    tally->data_bytes += (uint32_t)log->data.len;
}

/* Counts the logs of `address` (with first topic `topic0` when not NULL) in from..to. */
int32_t l1_client_logs(const rollport_host *host, uint64_t from, uint64_t to,
                       const uint8_t address[20], const uint8_t *topic0, uint32_t *count_out,
                       uint64_t *last_block_out, char *message, size_t capacity) {
    const rollport_host_l1_v1 *l1 = l1_table(host);
    if (l1 == NULL) return ROLLPORT_UNSUPPORTED;
    message_buffer buffer = {message, capacity, 0};
    message[0] = '\0';
    rollport_output error = {sizeof(rollport_output), &buffer, refuse, collect_error};
    rollport_l1_log_query query;
    memset(&query, 0, sizeof query);
    query.struct_size = sizeof query;
    query.from_block = from;
    query.to_block = to;
    memcpy(query.address.bytes, address, 20);
    if (topic0 != NULL) {
        query.has_topic0 = true;
        memcpy(query.topic0.bytes, topic0, 32);
    }
    log_tally tally = {0, 0, 0};
    rollport_status status = l1->logs(host, &query, &tally, count_log, &error);
    *count_out = tally.count;
    *last_block_out = tally.last_block;
    return status;
}

static void ignore_bytes(void *ctx, rollport_bytes data) {
    (void)ctx;
    (void)data;
}

/* An eth_call; the returned bytes are dropped, the status and message kept. */
int32_t l1_client_call(const rollport_host *host, const uint8_t to[20], uint64_t block,
                       char *message, size_t capacity) {
    const rollport_host_l1_v1 *l1 = l1_table(host);
    if (l1 == NULL) return ROLLPORT_UNSUPPORTED;
    message_buffer buffer = {message, capacity, 0};
    message[0] = '\0';
    rollport_output error = {sizeof(rollport_output), &buffer, refuse, collect_error};
    rollport_address target;
    memcpy(target.bytes, to, 20);
    static const uint8_t selector[4] = {0x8d, 0xa5, 0xcb, 0x5b}; /* owner() */
    rollport_bytes data = {selector, 4};
    return l1->call(host, target, data, block, NULL, ignore_bytes, &error);
}
