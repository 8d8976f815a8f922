/*
 * A C adapter that reads L1 through rollport.host.l1/1 while the follower delivers a block, built
 * by the follower tests against the header alone:
 *
 *     cc -std=c11 -Wall -Werror -shared -fPIC -I PluginSDK/include l1_reader_adapter.c -o ...
 *
 * It handles every log its manifest routes to it (kind "message"). For each, in handle(), it
 * reads the block being delivered by number and by hash, the block above it, and the logs of the
 * same emitter and first topic over the last LOOKBACK blocks, and emits one record saying what it
 * saw:
 *
 *   {"block": n, "itemHash": "0x…",
 *    "atStatus": s, "atHash": "0x…", "atParent": "0x…",   block_by_number(n)
 *    "byHashStatus": s,                                     block_by_hash(item's block hash)
 *    "aboveStatus": s,                                      block_by_number(n + 1)
 *    "logsStatus": s, "logsFrom": f, "logCount": c,         logs(f…n)
 *    "logBlocks": ["0x…", …]}                               hash of each log's block, in order
 *
 * Statuses are rollport_status values; hashes are empty strings when the read failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollport.h"

#define LOOKBACK 4u
#define MAX_LOG_BLOCKS 64u

struct rollport_instance {
    const rollport_host *host;
    const rollport_host_l1_v1 *l1;
};

static void say(const rollport_output *out, const char *message) {
    if (out && out->error) {
        rollport_bytes text = {(const uint8_t *)message, strlen(message)};
        out->error(out->host_ctx, text);
    }
}

/* Writes "0x" and 64 hex digits (67 bytes with the NUL). */
static void hex32(char out[67], const uint8_t bytes[32]) {
    static const char digits[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < 32; i++) {
        out[2 + 2 * i] = digits[bytes[i] >> 4];
        out[3 + 2 * i] = digits[bytes[i] & 15];
    }
    out[66] = '\0';
}

static rollport_l1_block_ref empty_ref(void) {
    rollport_l1_block_ref ref;
    memset(&ref, 0, sizeof ref);
    ref.struct_size = sizeof ref;
    return ref;
}

typedef struct {
    uint32_t count;
    uint32_t kept;
    uint8_t hashes[MAX_LOG_BLOCKS][32];
} log_blocks;

static void note_log(void *ctx, const rollport_l1_block_ref *block, const rollport_log *log) {
    (void)log;
    log_blocks *seen = ctx;
    if (seen->kept < MAX_LOG_BLOCKS) memcpy(seen->hashes[seen->kept++], block->hash.bytes, 32);
    seen->count += 1;
}

static rollport_status claim(rollport_instance *self, const rollport_item *item) {
    (void)self;
    return item && item->type == ROLLPORT_ITEM_LOG && item->log && item->log->topic_count > 0 ? ROLLPORT_OK
                                                                                               : ROLLPORT_NOT_CLAIMED;
}

static rollport_status handle(rollport_instance *self, const rollport_item *item, const rollport_output *out) {
    if (!self || !item || !out || !item->log || item->log->topic_count == 0 || !item->block.has_block)
        return ROLLPORT_INVALID_ARGUMENT;
    if (!self->l1) {
        say(out, "l1_reader_adapter.c: the host does not serve rollport.host.l1/1");
        return ROLLPORT_UNSUPPORTED;
    }
    const uint64_t n = item->block.number;

    rollport_l1_block_ref at = empty_ref();
    rollport_status at_status = self->l1->block_by_number(self->host, n, &at, NULL);
    rollport_l1_block_ref by_hash = empty_ref();
    rollport_status by_hash_status = self->l1->block_by_hash(self->host, &item->block.hash, &by_hash, NULL);
    if (by_hash_status == ROLLPORT_OK && memcmp(by_hash.hash.bytes, item->block.hash.bytes, 32) != 0)
        by_hash_status = ROLLPORT_INTERNAL; /* answered, but with another block */
    rollport_l1_block_ref above = empty_ref();
    rollport_status above_status = self->l1->block_by_number(self->host, n + 1, &above, NULL);

    rollport_l1_log_query query;
    memset(&query, 0, sizeof query);
    query.struct_size = sizeof query;
    query.from_block = n >= LOOKBACK - 1 ? n - (LOOKBACK - 1) : 0;
    query.to_block = n;
    query.address = item->log->address;
    query.has_topic0 = true;
    query.topic0 = item->log->topics[0];
    log_blocks *seen = calloc(1, sizeof *seen);
    if (!seen) {
        say(out, "l1_reader_adapter.c: out of memory");
        return ROLLPORT_INTERNAL;
    }
    rollport_status logs_status = self->l1->logs(self->host, &query, seen, note_log, NULL);

    char item_hash[67], at_hash[67] = "", at_parent[67] = "";
    hex32(item_hash, item->block.hash.bytes);
    if (at_status == ROLLPORT_OK) {
        hex32(at_hash, at.hash.bytes);
        hex32(at_parent, at.parent_hash.bytes);
    }
    size_t capacity = 512 + (size_t)seen->kept * 70;
    char *json = malloc(capacity);
    if (!json) {
        free(seen);
        say(out, "l1_reader_adapter.c: out of memory");
        return ROLLPORT_INTERNAL;
    }
    int n_written = snprintf(json, capacity,
                             "{\"block\":%llu,\"itemHash\":\"%s\",\"atStatus\":%d,\"atHash\":\"%s\",\"atParent\":\"%s\","
                             "\"byHashStatus\":%d,\"aboveStatus\":%d,\"logsStatus\":%d,\"logsFrom\":%llu,\"logCount\":%u,"
                             "\"logBlocks\":[",
                             (unsigned long long)n, item_hash, (int)at_status, at_hash, at_parent, (int)by_hash_status,
                             (int)above_status, (int)logs_status, (unsigned long long)query.from_block, seen->count);
    size_t length = (size_t)n_written;
    for (uint32_t i = 0; i < seen->kept; i++) {
        char h[67];
        hex32(h, seen->hashes[i]);
        length += (size_t)snprintf(json + length, capacity - length, "%s\"%s\"", i == 0 ? "" : ",", h);
    }
    length += (size_t)snprintf(json + length, capacity - length, "]}");
    free(seen);

    rollport_record record = {sizeof(rollport_record), ROLLPORT_KIND_MESSAGE, {NULL, 0}, {NULL, 0},
                              {(const uint8_t *)json, length}};
    rollport_status status = out->emit(out->host_ctx, &record);
    free(json);
    return status;
}

static rollport_status commit(rollport_instance *self, const rollport_l1_block_ref *block,
                              const rollport_output *out, uint64_t *finished) {
    (void)self;
    (void)out;
    if (finished && block) *finished = block->number;
    return ROLLPORT_OK;
}

static rollport_status revert(rollport_instance *self, const rollport_l1_block_ref *block) {
    (void)self;
    (void)block;
    return ROLLPORT_OK;
}

static const rollport_l1_ingest_v1 INGEST = {sizeof(rollport_l1_ingest_v1), claim, handle, commit, revert};

static rollport_status init(const rollport_host *host, rollport_bytes config, rollport_instance **out,
                            const rollport_output *error) {
    (void)config;
    if (!host || !out) return ROLLPORT_INVALID_ARGUMENT;
    *out = NULL;
    rollport_instance *self = calloc(1, sizeof *self);
    if (!self) {
        say(error, "l1_reader_adapter.c: out of memory");
        return ROLLPORT_INTERNAL;
    }
    self->host = host;
    const rollport_host_l1_v1 *l1 = host->get_extension(host, ROLLPORT_HOST_L1_V1);
    self->l1 = l1 && l1->struct_size >= sizeof(rollport_host_l1_v1) ? l1 : NULL;
    *out = self;
    return ROLLPORT_OK;
}

static void shutdown(rollport_instance *self) { free(self); }

static const void *get_extension(rollport_instance *self, const char *id) {
    (void)self;
    return id && strcmp(id, ROLLPORT_L1_INGEST_V1) == 0 ? &INGEST : NULL;
}

static const rollport_plugin_entry ENTRY = {
    ROLLPORT_ENTRY_MAGIC, sizeof(rollport_plugin_entry), ROLLPORT_ABI_MAJOR, ROLLPORT_ABI_MINOR,
    ROLLPORT_THREADING_SERIAL, "org.rollport.test.l1-reader", "1.0.0", "l1_reader_adapter.c test fixture",
    init, shutdown, get_extension};

ROLLPORT_EXPORT const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == ROLLPORT_ABI_MAJOR ? &ENTRY : NULL;
}
