/*
 * One C adapter, built with a -D flag per defect, so that every way an adapter can break the
 * ABI is exercised by the tests through a real shared library:
 *
 *     cc -std=c11 -Wall -Werror -shared -fPIC -I PluginSDK/include broken.c -DCRASH_ON_GARBAGE -o ...
 *
 *   (none)             GOOD: a conforming adapter (same behaviour as the minimal C example)
 *   CRASH_ON_GARBAGE   handle() dereferences NULL on anything but a well-formed deposit log
 *   OK_ON_GARBAGE      handle() returns ROLLPORT_OK for anything, emitting a record
 *   TRAP_IN_SHUTDOWN   shutdown() executes __builtin_trap()
 *   MISSING_EXTENSION  get_extension() returns NULL for rollport.rpc/1 (the manifest claims it)
 *   WRONG_MAGIC        the entry's magic is not ROLLPORT_ENTRY_MAGIC
 *   SMALL_STRUCT       the entry's struct_size is smaller than rollport_plugin_entry
 *   ABI_MAJOR_2        the entry says abi_major 2
 *   NO_ENTRY           exports rollport_entry_v1 instead, so the entry symbol is missing
 *   WRITES_IN_CLAIM    claim() writes the kv key "claimed" (forbidden) and records what put
 *                      returned under "claim-put-status" from handle()
 *
 * ADAPTER_ID may be given as a string to override the id (two GOOD builds with distinct ids).
 *
 * The adapter claims ExampleDeposit logs (2 topics; topic0 = DEPOSIT_TOPIC below) with 32 bytes
 * of data and emits one deposit record each, counting them in the host's kv store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollport.h"

#ifndef ADAPTER_ID
#if defined(CRASH_ON_GARBAGE)
#define ADAPTER_ID "org.rollport.test.crash-on-garbage"
#elif defined(OK_ON_GARBAGE)
#define ADAPTER_ID "org.rollport.test.ok-on-garbage"
#elif defined(TRAP_IN_SHUTDOWN)
#define ADAPTER_ID "org.rollport.test.trap-in-shutdown"
#elif defined(MISSING_EXTENSION)
#define ADAPTER_ID "org.rollport.test.missing-extension"
#elif defined(WRONG_MAGIC)
#define ADAPTER_ID "org.rollport.test.wrong-magic"
#elif defined(SMALL_STRUCT)
#define ADAPTER_ID "org.rollport.test.small-struct"
#elif defined(ABI_MAJOR_2)
#define ADAPTER_ID "org.rollport.test.abi-major-2"
#elif defined(NO_ENTRY)
#define ADAPTER_ID "org.rollport.test.no-entry"
#elif defined(CHATTY)
#define ADAPTER_ID "org.rollport.test.chatty"
#elif defined(HANG_IN_HANDLE)
#define ADAPTER_ID "org.rollport.test.hang-in-handle"
#elif defined(WRITES_IN_CLAIM)
#define ADAPTER_ID "org.rollport.test.writes-in-claim"
#else
#define ADAPTER_ID "org.rollport.test.good"
#endif
#endif

/* keccak256("ExampleDeposit(address,uint256)"), as in the minimal C example. */
static const uint8_t DEPOSIT_TOPIC[32] = {
    0x0c, 0xe5, 0xd5, 0x98, 0x99, 0x99, 0x85, 0x88, 0x44, 0x7e, 0xa2, 0x29, 0xb0, 0x6c, 0xda, 0x97,
    0x9b, 0xc0, 0x64, 0xe1, 0x02, 0x44, 0x2f, 0x46, 0xb8, 0x3e, 0x06, 0x51, 0x9f, 0xde, 0xf4, 0xff};

static const char COUNT_KEY[] = "deposit-count";

struct rollport_instance {
    const rollport_host *host;
    const rollport_host_kv_v1 *kv;
    rollport_status claim_put_status; /* WRITES_IN_CLAIM: what the forbidden put returned */
};

static void say(const rollport_output *out, const char *message) {
    if (out && out->error) {
        rollport_bytes text = {(const uint8_t *)message, strlen(message)};
        out->error(out->host_ctx, text);
    }
}

static bool is_deposit(const rollport_item *item) {
    if (!item || item->type != ROLLPORT_ITEM_LOG || !item->log) return false;
    const rollport_log *log = item->log;
    return log->topic_count == 2 && log->topics && memcmp(log->topics[0].bytes, DEPOSIT_TOPIC, 32) == 0;
}

static bool is_well_formed(const rollport_item *item) {
    return is_deposit(item) && item->log->data.len == 32 && item->log->data.ptr;
}

static rollport_status claim(rollport_instance *self, const rollport_item *item) {
#if defined(WRITES_IN_CLAIM)
    if (self && self->kv) {
        rollport_bytes key = {(const uint8_t *)"claimed", 7}, value = {(const uint8_t *)"1", 1};
        self->claim_put_status = self->kv->put(self->host, key, value);
    }
#else
    (void)self;
#endif
    return is_deposit(item) ? ROLLPORT_OK : ROLLPORT_NOT_CLAIMED;
}

#if defined(CRASH_ON_GARBAGE)
/* volatile so that the compiler cannot see the NULL and turn the load into a trap: the crash
 * must be the SIGSEGV a real NULL dereference gives. */
static int *volatile nowhere = NULL;
#endif

static rollport_status emit_deposit(const rollport_output *out, uint64_t count) {
    char json[96];
    int n = snprintf(json, sizeof json, "{\"sequence\":%llu}", (unsigned long long)count);
    rollport_record record = {sizeof(rollport_record), ROLLPORT_KIND_DEPOSIT, {NULL, 0}, {NULL, 0},
                              {(const uint8_t *)json, (size_t)n}};
    return out->emit(out->host_ctx, &record);
}

static void count_reader(void *ctx, rollport_bytes value) {
    if (value.len == sizeof(uint64_t)) memcpy(ctx, value.ptr, sizeof(uint64_t));
}

static rollport_status handle(rollport_instance *self, const rollport_item *item, const rollport_output *out) {
    if (!self || !out) return ROLLPORT_INVALID_ARGUMENT;
    if (!is_well_formed(item)) {
#if defined(CRASH_ON_GARBAGE)
        return (rollport_status)*nowhere;
#elif defined(OK_ON_GARBAGE)
        return emit_deposit(out, 0);
#elif defined(HANG_IN_HANDLE)
        volatile unsigned long spin = 0;
        for (;;) spin++;
#else
        say(out, "broken.c: expected an ExampleDeposit log (2 topics) with 32 bytes of data");
        return ROLLPORT_DECODE_ERROR;
#endif
    }
    uint64_t count = 0;
    if (self->kv) {
        rollport_bytes key = {(const uint8_t *)COUNT_KEY, sizeof COUNT_KEY - 1};
        self->kv->get(self->host, key, &count, count_reader);
        count += 1;
        rollport_bytes value = {(const uint8_t *)&count, sizeof count};
        self->kv->put(self->host, key, value);
#if defined(WRITES_IN_CLAIM)
        int32_t status = self->claim_put_status;
        rollport_bytes status_key = {(const uint8_t *)"claim-put-status", 16};
        rollport_bytes status_value = {(const uint8_t *)&status, sizeof status};
        self->kv->put(self->host, status_key, status_value);
#endif
    }
    return emit_deposit(out, count);
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
        say(error, "broken.c: out of memory");
        return ROLLPORT_INTERNAL;
    }
    self->host = host;
    self->kv = host->get_extension(host, ROLLPORT_HOST_KV_V1);
#if defined(CHATTY)
    /* Far more than a pipe holds, on both streams: the checker must not stall on it. */
    for (int i = 0; i < 4096; i++) {
        fputs("chatty adapter: a line of noise on stderr, forty-odd bytes\n", stderr);
        fputs("chatty adapter: a line of noise on stdout, forty-odd bytes\n", stdout);
    }
    fflush(stdout);
#endif
    *out = self;
    return ROLLPORT_OK;
}

static void shutdown(rollport_instance *self) {
#if defined(TRAP_IN_SHUTDOWN)
    if (self) __builtin_trap();
#endif
    free(self);
}

static const void *get_extension(rollport_instance *self, const char *id) {
    (void)self;
    if (id && strcmp(id, ROLLPORT_L1_INGEST_V1) == 0) return &INGEST;
    /* MISSING_EXTENSION: rollport.rpc/1 is in the manifest but deliberately not served here. */
    return NULL;
}

#if defined(WRONG_MAGIC)
#define ENTRY_MAGIC 0x32545052u /* "RPT2" */
#else
#define ENTRY_MAGIC ROLLPORT_ENTRY_MAGIC
#endif

#if defined(SMALL_STRUCT)
/* What an adapter built against a header that lacked get_extension would declare. */
#define ENTRY_SIZE ((uint32_t)offsetof(rollport_plugin_entry, get_extension))
#else
#define ENTRY_SIZE ((uint32_t)sizeof(rollport_plugin_entry))
#endif

#if defined(ABI_MAJOR_2)
#define ENTRY_ABI_MAJOR 2u
#else
#define ENTRY_ABI_MAJOR ROLLPORT_ABI_MAJOR
#endif

static const rollport_plugin_entry ENTRY = {
    ENTRY_MAGIC, ENTRY_SIZE, ENTRY_ABI_MAJOR, ROLLPORT_ABI_MINOR,
    ROLLPORT_THREADING_SERIAL, ADAPTER_ID, "1.0.0", "broken.c test fixture",
    init, shutdown, get_extension};

#if defined(NO_ENTRY)
/* A misspelt entry name: the library loads but the host finds no entry symbol. */
ROLLPORT_EXPORT const rollport_plugin_entry *rollport_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor);
ROLLPORT_EXPORT const rollport_plugin_entry *rollport_entry_v1(uint32_t host_abi_major, uint32_t host_abi_minor) {
#else
ROLLPORT_EXPORT const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
#endif
    (void)host_abi_minor;
#if defined(ABI_MAJOR_2)
    /* Built against a future header and never checks what the host speaks. */
    (void)host_abi_major;
    return &ENTRY;
#else
    return host_abi_major == ROLLPORT_ABI_MAJOR ? &ENTRY : NULL;
#endif
}
