/*
 * The router benchmark's adapter: a complete Rollport adapter in plain C, built against rollport.h
 * alone, compiled once per benchmark manifest at benchmark setup:
 *
 *     cc -std=c11 -shared -fPIC -O1 -I PluginSDK/include \
 *        -DBENCH_ADAPTER_ID='"org.rollport.bench.optimism"' -DBENCH_ADAPTER_VERSION='"1.0.0"' \
 *        [-DBENCH_BATCH_VERSION_BYTE=0] bench_adapter.c -o librouterbench_optimism.so
 *
 * claim() is the router's confirmation, called for every L1 item a manifest rule matched. It does
 * what a real adapter's first, cheap check does — no decoding, no allocation, no host calls:
 *   - the item is well formed for this ABI (struct_size covers the fields read, the kind is a
 *     claim kind, there is a chain name);
 *   - a transaction has a destination, and either carries blobs (type 3) or has calldata that
 *     looks right: with BENCH_BATCH_VERSION_BYTE defined (OP Stack), a calldata batch must start
 *     with that derivation version byte; otherwise the calldata must hold a 4-byte selector;
 *   - a log has 1 to 4 topics.
 * handle() emits one small record per item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollport.h"

#ifndef BENCH_ADAPTER_ID
#error "define BENCH_ADAPTER_ID, e.g. -DBENCH_ADAPTER_ID='\"org.rollport.bench.optimism\"'"
#endif
#ifndef BENCH_ADAPTER_VERSION
#error "define BENCH_ADAPTER_VERSION, e.g. -DBENCH_ADAPTER_VERSION='\"1.0.0\"'"
#endif

struct rollport_instance {
    const rollport_host *host;
    const rollport_host_log_v1 *log;
};

static void say(const rollport_output *out, const char *message) {
    if (out && out->error) {
        rollport_bytes text = {(const uint8_t *)message, strlen(message)};
        out->error(out->host_ctx, text);
    }
}

static bool transaction_looks_right(const rollport_item *item) {
    const rollport_tx *tx = item->tx;
    if (!tx || !ROLLPORT_HAS_FIELD(tx, rollport_tx, blob_versioned_hash_count) || !tx->has_to) return false;
    if (tx->blob_versioned_hash_count > 0) return tx->type == 3 && tx->blob_versioned_hashes != NULL;
#ifdef BENCH_BATCH_VERSION_BYTE
    if (item->kind == ROLLPORT_KIND_BATCH)
        return tx->input.len >= 1 && tx->input.ptr && tx->input.ptr[0] == (uint8_t)(BENCH_BATCH_VERSION_BYTE);
#endif
    return tx->input.len >= 4 && tx->input.ptr != NULL;
}

static bool log_looks_right(const rollport_item *item) {
    const rollport_log *log = item->log;
    return log && ROLLPORT_HAS_FIELD(log, rollport_log, topic_count) && log->topics != NULL && log->topic_count >= 1 &&
           log->topic_count <= 4;
}

static bool looks_right(const rollport_item *item) {
    if (!item || !ROLLPORT_HAS_FIELD(item, rollport_item, log)) return false;
    if (item->kind < ROLLPORT_KIND_BATCH || item->kind > ROLLPORT_KIND_CONFIG_CHANGE) return false;
    if (item->chain.len == 0 || !item->chain.ptr) return false;
    switch (item->type) {
    case ROLLPORT_ITEM_TRANSACTION: return transaction_looks_right(item);
    case ROLLPORT_ITEM_LOG: return log_looks_right(item);
    default: return false;
    }
}

static rollport_status claim(rollport_instance *self, const rollport_item *item) {
    if (!self) return ROLLPORT_INVALID_ARGUMENT;
    return looks_right(item) ? ROLLPORT_OK : ROLLPORT_NOT_CLAIMED;
}

static rollport_status handle(rollport_instance *self, const rollport_item *item, const rollport_output *out) {
    if (!self || !out) return ROLLPORT_INVALID_ARGUMENT;
    if (!looks_right(item)) {
        say(out, BENCH_ADAPTER_ID ": the item is not one this adapter claims (see claim())");
        return ROLLPORT_DECODE_ERROR;
    }
    char json[192];
    int n = snprintf(json, sizeof json, "{\"adapter\":\"%s\",\"item\":\"%s\",\"l1Block\":%llu}", BENCH_ADAPTER_ID,
                     item->type == ROLLPORT_ITEM_TRANSACTION ? "transaction" : "log",
                     (unsigned long long)(item->block.has_block ? item->block.number : 0));
    if (n < 0 || (size_t)n >= sizeof json) {
        say(out, BENCH_ADAPTER_ID ": record does not fit its buffer");
        return ROLLPORT_INTERNAL;
    }
    rollport_record record = {sizeof(rollport_record), item->kind, {NULL, 0}, {NULL, 0},
                              {(const uint8_t *)json, (size_t)n}};
    return out->emit(out->host_ctx, &record);
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
    return ROLLPORT_OK; /* no state */
}

static const rollport_l1_ingest_v1 INGEST = {sizeof(rollport_l1_ingest_v1), claim, handle, commit, revert};

static rollport_status init(const rollport_host *host, rollport_bytes config, rollport_instance **out,
                            const rollport_output *error) {
    (void)config;
    if (!host || !out) return ROLLPORT_INVALID_ARGUMENT;
    *out = NULL;
    rollport_instance *self = calloc(1, sizeof *self);
    if (!self) {
        say(error, BENCH_ADAPTER_ID ": out of memory");
        return ROLLPORT_INTERNAL;
    }
    self->host = host;
    self->log = host->get_extension(host, ROLLPORT_HOST_LOG_V1);
    if (self->log && self->log->enabled(host, ROLLPORT_LOG_DEBUG)) {
        const char hello[] = BENCH_ADAPTER_ID " benchmark adapter ready";
        rollport_bytes text = {(const uint8_t *)hello, sizeof hello - 1};
        self->log->log(host, ROLLPORT_LOG_DEBUG, text);
    }
    *out = self;
    return ROLLPORT_OK;
}

static void shutdown(rollport_instance *self) { free(self); }

static const void *get_extension(rollport_instance *self, const char *id) {
    (void)self;
    if (id && strcmp(id, ROLLPORT_L1_INGEST_V1) == 0) return &INGEST;
    return NULL;
}

static const rollport_plugin_entry ENTRY = {
    ROLLPORT_ENTRY_MAGIC, sizeof(rollport_plugin_entry), ROLLPORT_ABI_MAJOR, ROLLPORT_ABI_MINOR,
    ROLLPORT_THREADING_PARALLEL_QUERIES, BENCH_ADAPTER_ID, BENCH_ADAPTER_VERSION, "c11 router benchmark adapter",
    init, shutdown, get_extension};

ROLLPORT_EXPORT const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == ROLLPORT_ABI_MAJOR ? &ENTRY : NULL;
}
