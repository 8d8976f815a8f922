/*
 * A complete Rollport adapter in plain C, built against rollport.h alone:
 *
 *     cc -std=c11 -shared -fPIC -O2 -I../../include minimal.c -o libminimal_c.so
 *
 * Its rollup, "example-bridge", emits on L1
 *
 *     event ExampleDeposit(address indexed recipient, uint256 amount)
 *
 * from a bridge contract. The adapter claims those logs and emits one `deposit` record each,
 * keeping a running count in the host's key-value store. Each record carries a deposit id,
 * keccak256(recipient ‖ amount), computed with the host's crypto service (ABI 1.1) rather than
 * a keccak of the adapter's own; on an older host the id is left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rollport.h"

/* keccak256("ExampleDeposit(address,uint256)") */
static const uint8_t DEPOSIT_TOPIC[32] = {
    0x0c, 0xe5, 0xd5, 0x98, 0x99, 0x99, 0x85, 0x88, 0x44, 0x7e, 0xa2, 0x29, 0xb0, 0x6c, 0xda, 0x97,
    0x9b, 0xc0, 0x64, 0xe1, 0x02, 0x44, 0x2f, 0x46, 0xb8, 0x3e, 0x06, 0x51, 0x9f, 0xde, 0xf4, 0xff};

static const char COUNT_KEY[] = "deposit-count";

/* One instance per init call: all state lives here, none in globals. */
struct rollport_instance {
    const rollport_host *host;
    const rollport_host_log_v1 *log;
    const rollport_host_kv_v1 *kv;
    const rollport_host_crypto_v1 *crypto; /* NULL on a host older than ABI 1.1 */
};

static void say(const rollport_output *out, const char *message) {
    if (out && out->error) {
        rollport_bytes text = {(const uint8_t *)message, strlen(message)};
        out->error(out->host_ctx, text);
    }
}

static void hex(char *dst, const uint8_t *src, size_t n) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = digits[src[i] >> 4];
        dst[2 * i + 1] = digits[src[i] & 15];
    }
    dst[2 * n] = 0;
}

static bool is_deposit(const rollport_item *item) {
    if (!item || item->type != ROLLPORT_ITEM_LOG || !item->log) return false;
    const rollport_log *log = item->log;
    return log->topic_count == 2 && log->topics && memcmp(log->topics[0].bytes, DEPOSIT_TOPIC, 32) == 0;
}

static rollport_status claim(rollport_instance *self, const rollport_item *item) {
    (void)self;
    return is_deposit(item) ? ROLLPORT_OK : ROLLPORT_NOT_CLAIMED;
}

static void count_reader(void *ctx, rollport_bytes value) {
    if (value.len == sizeof(uint64_t)) memcpy(ctx, value.ptr, sizeof(uint64_t));
}

static rollport_status handle(rollport_instance *self, const rollport_item *item, const rollport_output *out) {
    if (!self || !out) return ROLLPORT_INVALID_ARGUMENT;
    if (!is_deposit(item)) {
        say(out, "minimal-c: expected an ExampleDeposit log (2 topics, topic0 = ExampleDeposit(address,uint256))");
        return ROLLPORT_DECODE_ERROR;
    }
    const rollport_log *log = item->log;
    if (log->data.len != 32 || !log->data.ptr) {
        char message[160];
        snprintf(message, sizeof message,
                 "minimal-c: ExampleDeposit data is %zu bytes; expected 32 (one uint256 amount)", log->data.len);
        say(out, message);
        return ROLLPORT_DECODE_ERROR;
    }
    /* topics[1] is the recipient, left-padded to 32 bytes: the upper 12 must be zero. */
    for (int i = 0; i < 12; i++) {
        if (log->topics[1].bytes[i] != 0) {
            say(out, "minimal-c: topic 1 (recipient) has non-zero bytes above the 20-byte address");
            return ROLLPORT_DECODE_ERROR;
        }
    }

    uint64_t count = 0;
    rollport_bytes key = {(const uint8_t *)COUNT_KEY, sizeof COUNT_KEY - 1};
    if (self->kv) {
        self->kv->get(self->host, key, &count, count_reader);
        count += 1;
        rollport_bytes value = {(const uint8_t *)&count, sizeof count};
        self->kv->put(self->host, key, value);
    }

    char recipient[41], amount[65], id[65], json[320];
    hex(recipient, log->topics[1].bytes + 12, 20);
    hex(amount, log->data.ptr, 32);
    int n = snprintf(json, sizeof json, "{\"recipient\":\"0x%s\",\"amount\":\"0x%s\",\"sequence\":%llu",
                     recipient, amount, (unsigned long long)count);
    if (self->crypto && ROLLPORT_HAS_FIELD(self->crypto, rollport_host_crypto_v1, keccak256)) {
        uint8_t preimage[52], digest[32];
        memcpy(preimage, log->topics[1].bytes + 12, 20);
        memcpy(preimage + 20, log->data.ptr, 32);
        rollport_bytes data = {preimage, sizeof preimage};
        self->crypto->keccak256(self->host, data, digest);
        hex(id, digest, 32);
        n += snprintf(json + n, sizeof json - (size_t)n, ",\"depositId\":\"0x%s\"", id);
    }
    n += snprintf(json + n, sizeof json - (size_t)n, "}");
    rollport_record record = {sizeof(rollport_record), ROLLPORT_KIND_DEPOSIT, {NULL, 0},
                              {NULL, 0}, {(const uint8_t *)json, (size_t)n}};
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
    return ROLLPORT_OK; /* nothing in memory: the count lives in the host's kv store */
}

static const rollport_l1_ingest_v1 INGEST = {sizeof(rollport_l1_ingest_v1), claim, handle, commit, revert};

static rollport_status init(const rollport_host *host, rollport_bytes config, rollport_instance **out,
                            const rollport_output *error) {
    (void)config;
    if (!host || !out) return ROLLPORT_INVALID_ARGUMENT;
    *out = NULL;
    rollport_instance *self = calloc(1, sizeof *self);
    if (!self) {
        say(error, "minimal-c: out of memory");
        return ROLLPORT_INTERNAL;
    }
    self->host = host;
    self->log = host->get_extension(host, ROLLPORT_HOST_LOG_V1);
    self->kv = host->get_extension(host, ROLLPORT_HOST_KV_V1);
    self->crypto = host->get_extension(host, ROLLPORT_HOST_CRYPTO_V1);
    if (self->log) {
        const char hello[] = "minimal-c adapter ready";
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
    ROLLPORT_THREADING_SERIAL, "org.rollport.example.minimal-c", "1.0.0", "c11 minimal example",
    init, shutdown, get_extension};

ROLLPORT_EXPORT const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return host_abi_major == ROLLPORT_ABI_MAJOR ? &ENTRY : NULL;
}
