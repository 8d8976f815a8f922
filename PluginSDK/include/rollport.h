/*
 * rollport.h — the Rollport adapter ABI, version 1.3.
 *
 * This header is the only contract between the Rollport host and a rollup adapter. An adapter
 * is a shared library, written in any language with a C ABI, that exports exactly one symbol:
 *
 *     const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
 *                                                           uint32_t host_abi_minor);
 *
 * Everything else is reached through tables of function pointers: the adapter's extensions
 * (fetched by string id from get_extension) and the host's services (fetched by string id from
 * rollport_host.get_extension). The host exports no symbols; adapters must not link against it.
 *
 * ---------------------------------------------------------------------------------------------
 * General rules (they apply to every function below unless its comment says otherwise)
 * ---------------------------------------------------------------------------------------------
 *
 * Versions.   ROLLPORT_ABI_MAJOR changes only for a breaking change; the host refuses an adapter
 *             whose major differs from its own. ROLLPORT_ABI_MINOR grows when fields are appended
 *             to a struct. Every struct that can grow starts with `uint32_t struct_size`, set by
 *             whoever fills the struct to sizeof() as it was compiled. A reader uses a field only
 *             when struct_size covers it (see ROLLPORT_HAS_FIELD); fields are never reordered,
 *             removed or re-typed. Extensions carry their own revision in their id
 *             ("rollport.batch/1"); a new revision is a new id, and both may be offered at once.
 *
 * Memory.     Nobody frees the other side's memory.
 *             - Inputs (every pointer the host passes to an adapter, and every pointer an adapter
 *               passes to a host callback) are borrowed: valid until the call returns, never
 *               kept. Copy what you need.
 *             - Outputs go through host callbacks (rollport_output.emit / .error, the kv reader):
 *               the host copies the bytes before the callback returns.
 *             - Memory the adapter hands out and the host keeps is owned by the adapter and must
 *               not change: the entry struct and the strings it points to for the lifetime of
 *               the process; extension tables and the method names they list until shutdown of
 *               the instance that returned them. The host never unloads an adapter (it loads
 *               with RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE and never calls dlclose, because
 *               unloading Swift or Go code is not safe), so static storage is always enough.
 *             - Byte spans (rollport_bytes) may have ptr == NULL only when len == 0.
 *             - Strings in rollport_bytes are UTF-8 and NOT NUL-terminated. Strings typed
 *               `const char *` are NUL-terminated UTF-8.
 *
 * Numbers.    Fixed-size integers are host byte order. 256-bit values (rollport_u256) are 32
 *             bytes big-endian, as on Ethereum. Hashes and addresses are raw bytes.
 *
 * Statuses.   Every adapter function returns a rollport_status. The numbers are stable and are
 *             never reused for another meaning. When a function fails it should first call
 *             output->error with a message that says what was wrong, where (field, byte offset,
 *             block) and, where possible, how to fix it.
 *
 * Threads.    Each function carries one of these tags:
 *             [host-serial]  the host never calls it concurrently with any other function of the
 *                            same instance.
 *             [concurrent]   may run on several threads at once when the adapter declared
 *                            ROLLPORT_THREADING_PARALLEL_QUERIES or ROLLPORT_THREADING_PARALLEL;
 *                            under ROLLPORT_THREADING_SERIAL the host serializes it too.
 *             [any-thread]   (host callbacks) may be called from any thread the host called the
 *                            adapter on, and never blocks on the network.
 *             Host callbacks may only be called while the host is inside a call to the adapter
 *             (from the calling thread or a thread the adapter joins before returning). The host
 *             never calls back into an adapter from inside one of its own callbacks.
 *
 * Failures.   Errors must not unwind across this boundary: no C++ exceptions, Rust panics or
 *             longjmp through host frames. A Swift error thrown by an adapter written with the
 *             Swift kit becomes a status. A trap (Swift fatalError, force-unwrap, overflow,
 *             array bounds; a C segfault or abort) CANNOT be caught in-process: it ends the whole
 *             host. `rollport plugins check` therefore runs each probe in a child process and
 *             reports crashes; an out-of-process adapter runner is planned for untrusted
 *             adapters.
 *
 * The host never reads fields beyond an adapter's struct_size, and it never passes a struct to
 * an adapter whose struct_size is smaller than the version-1.0 size of that struct.
 */
#ifndef ROLLPORT_H
#define ROLLPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================
 * Versions, entry symbol, magic
 * ========================================================================================== */

#define ROLLPORT_ABI_MAJOR 1u
#define ROLLPORT_ABI_MINOR 3u

/* The one exported symbol. A future ABI 2 exports rollport_plugin_entry_v2, and a library may
 * export both. */
#define ROLLPORT_ENTRY_SYMBOL "rollport_plugin_entry_v1"

/* The bytes "RPT1" read as a little-endian uint32. */
#define ROLLPORT_ENTRY_MAGIC 0x31545052u

/* True when a struct filled by the other side is large enough to contain `field`. */
#define ROLLPORT_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

#if defined(_WIN32)
#define ROLLPORT_EXPORT __declspec(dllexport)
#else
#define ROLLPORT_EXPORT __attribute__((visibility("default")))
#endif

/* ============================================================================================
 * Statuses — stable numbers, never reused
 * ========================================================================================== */

typedef int32_t rollport_status;

enum {
    /* Success. */
    ROLLPORT_OK = 0,
    /* claim(): the item is not this adapter's (not an error). */
    ROLLPORT_NOT_CLAIMED = 1,
    /* A method, key or record that was asked for does not exist. */
    ROLLPORT_NOT_FOUND = 2,
    /* The caller broke a rule of this header (NULL where forbidden, bad struct_size, unknown
     * enum value, parameters of the wrong shape). */
    ROLLPORT_INVALID_ARGUMENT = 3,
    /* The input is malformed: it cannot be parsed as the format it claims to be (truncated,
     * bad length field, bad compression stream, over a size cap). */
    ROLLPORT_DECODE_ERROR = 4,
    /* The input parses but is provably wrong: a proof that does not verify, a hash that does
     * not match its commitment, a batch that breaks a validity rule. Never use this for data
     * that could not be fetched. */
    ROLLPORT_VERIFY_FAILED = 5,
    /* The adapter does not support this (an unknown format version, an extension revision, a
     * fork it does not know yet). */
    ROLLPORT_UNSUPPORTED = 6,
    /* Retryable: something needed is not available right now (an L1 read failed, a blob is
     * missing). The host may retry the same call later. */
    ROLLPORT_UNAVAILABLE = 7,
    /* A bug or an impossible state inside the adapter. */
    ROLLPORT_INTERNAL = 8,
    /* The adapter cannot serve this host's ABI version. */
    ROLLPORT_ABI_MISMATCH = 9,
    /* A host callback refused an output (too large, or emitted outside a call). */
    ROLLPORT_OUTPUT_REFUSED = 10
};

/* ============================================================================================
 * Plain data types
 * ========================================================================================== */

/* A borrowed byte span (see Memory above). */
typedef struct rollport_bytes {
    const uint8_t *ptr;
    size_t len;
} rollport_bytes;

typedef struct rollport_hash32 {
    uint8_t bytes[32];
} rollport_hash32;

typedef struct rollport_address {
    uint8_t bytes[20];
} rollport_address;

/* 32 bytes, big-endian. */
typedef struct rollport_u256 {
    uint8_t bytes[32];
} rollport_u256;

/* What a claim rule matched, and the kind of record it leads to. Closed set; manifests name
 * them by the strings in the comments. */
typedef uint32_t rollport_kind;
enum {
    ROLLPORT_KIND_BATCH = 1,                /* "batch": rollup data posted to L1 */
    ROLLPORT_KIND_STATE_COMMITMENT = 2,     /* "state_commitment": output roots, assertions, ... */
    ROLLPORT_KIND_PROOF = 3,                /* "proof": validity proofs submitted to L1 */
    ROLLPORT_KIND_DEPOSIT = 4,              /* "deposit": L1 -> L2 messages */
    ROLLPORT_KIND_WITHDRAWAL = 5,           /* "withdrawal": L2 -> L1 proven / finalized */
    ROLLPORT_KIND_MESSAGE = 6,              /* "message": other cross-layer messages */
    ROLLPORT_KIND_DISPUTE = 7,              /* "dispute": fault / dispute games, challenges */
    ROLLPORT_KIND_CONFIG_CHANGE = 8,        /* "config_change": batcher, keys, parameters */
    /* Record-only kind: the JSON result of a rollport.rpc/1 call. */
    ROLLPORT_KIND_RPC_RESULT = 64
};

/* An L1 block, as far as it is known. has_block is false for an item routed on its own (for
 * example `rollport route FILE` with no block fields), and then the other fields are zero. */
typedef struct rollport_l1_block_ref {
    uint32_t struct_size;
    bool has_block;
    uint64_t number;
    rollport_hash32 hash;
    rollport_hash32 parent_hash;
    uint64_t timestamp;             /* seconds; 0 when unknown */
} rollport_l1_block_ref;

/* A signed L1 transaction. */
typedef struct rollport_tx {
    uint32_t struct_size;
    uint8_t type;                   /* EIP-2718 type: 0 legacy, 1, 2, 3 (blob), 4 (set-code) */
    bool has_hash;
    rollport_hash32 hash;
    bool has_from;                  /* false when the sender is not known (not yet recovered) */
    rollport_address from;
    bool has_to;                    /* false for a contract creation */
    rollport_address to;
    uint64_t nonce;
    bool has_chain_id;
    uint64_t chain_id;
    rollport_u256 value;
    rollport_bytes input;           /* calldata */
    rollport_bytes raw;             /* the signed EIP-2718 encoding, when known; else empty */
    const rollport_hash32 *blob_versioned_hashes;   /* type 3; NULL when count is 0 */
    size_t blob_versioned_hash_count;
    bool has_index;
    uint32_t index;                 /* position in its block */
} rollport_tx;

/* An L1 log (event). */
typedef struct rollport_log {
    uint32_t struct_size;
    rollport_address address;
    const rollport_hash32 *topics;  /* NULL when count is 0 */
    size_t topic_count;             /* 0 to 4 */
    rollport_bytes data;
    bool has_transaction_hash;
    rollport_hash32 transaction_hash;
    bool has_log_index;
    uint32_t log_index;
} rollport_log;

/* A blob sidecar as the beacon API names its fields. Any span may be empty when unknown. */
typedef struct rollport_blob {
    uint32_t struct_size;
    rollport_bytes blob;            /* 131072 bytes when present */
    rollport_bytes kzg_commitment;  /* 48 bytes when present */
    rollport_bytes kzg_proof;       /* 48 bytes when present */
} rollport_blob;

typedef uint32_t rollport_item_type;
enum {
    ROLLPORT_ITEM_TRANSACTION = 1,
    ROLLPORT_ITEM_LOG = 2
};

/* One routed L1 item: a transaction (with its receipt logs and blob sidecars when known) or a
 * single log. */
typedef struct rollport_item {
    uint32_t struct_size;
    rollport_item_type type;
    rollport_kind kind;             /* the kind of the manifest rule that matched */
    rollport_bytes chain;           /* the name of the chain whose rule matched */
    rollport_l1_block_ref block;
    const rollport_tx *tx;          /* TRANSACTION: never NULL; LOG: NULL */
    const rollport_log *receipt_logs;   /* TRANSACTION: the receipt's logs, when known */
    size_t receipt_log_count;
    bool has_receipt_status;
    uint8_t receipt_status;         /* 1 success, 0 reverted */
    const rollport_blob *blobs;     /* TRANSACTION: sidecars in versioned-hash order, when known */
    size_t blob_count;
    const rollport_log *log;        /* LOG: never NULL; TRANSACTION: NULL */
} rollport_item;

/* A record: what adapters produce. The host adds the adapter id, the L1 reference of the item
 * being handled, and stores or prints it. */
typedef struct rollport_record {
    uint32_t struct_size;
    rollport_kind kind;
    rollport_bytes chain;           /* chain name; empty = the chain of the item being handled */
    rollport_bytes key;             /* optional id, unique per (chain, kind), e.g. a hash */
    rollport_bytes json;            /* the details: one JSON object, UTF-8 */
} rollport_record;

/* Where an adapter function writes. Provided by the host for one call, valid until it returns.
 * Both callbacks are [any-thread] (see Threads). */
typedef struct rollport_output {
    uint32_t struct_size;
    void *host_ctx;                 /* pass back unchanged */
    /* Returns ROLLPORT_OK, or ROLLPORT_OUTPUT_REFUSED (record over the host's size limit, JSON
     * not an object, unknown kind). The host copies the record before returning. */
    rollport_status (*emit)(void *host_ctx, const rollport_record *record);
    /* Error text for the status the function is about to return. May be called more than once;
     * the host joins the messages. The host copies the text before returning. */
    void (*error)(void *host_ctx, rollport_bytes message);
} rollport_output;

/* ============================================================================================
 * The host: given to init, valid until shutdown returns
 * ========================================================================================== */

typedef struct rollport_host rollport_host;

struct rollport_host {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    const char *host_version;       /* semver of the host, e.g. "0.1.0" */
    void *host_ctx;                 /* the host's; one per adapter instance */
    /* Returns the host service table with that id (e.g. ROLLPORT_HOST_LOG_V1), or NULL when the
     * host lacks it. [any-thread]. The table stays valid until shutdown returns. */
    const void *(*get_extension)(const rollport_host *host, const char *extension_id);
};

/* --- rollport.host.log/1 ------------------------------------------------------------------- */

#define ROLLPORT_HOST_LOG_V1 "rollport.host.log/1"

typedef uint32_t rollport_log_level;
enum {
    ROLLPORT_LOG_TRACE = 0,
    ROLLPORT_LOG_DEBUG = 1,
    ROLLPORT_LOG_INFO = 2,
    ROLLPORT_LOG_WARNING = 3,
    ROLLPORT_LOG_ERROR = 4
};

typedef struct rollport_host_log_v1 {
    uint32_t struct_size;
    /* [any-thread]. The host labels the line with the adapter id. */
    void (*log)(const rollport_host *host, rollport_log_level level, rollport_bytes message);
    /* [any-thread]. Lets an adapter skip formatting messages nobody reads. */
    bool (*enabled)(const rollport_host *host, rollport_log_level level);
} rollport_host_log_v1;

/* --- rollport.host.metrics/1 --------------------------------------------------------------- */

#define ROLLPORT_HOST_METRICS_V1 "rollport.host.metrics/1"

typedef uint32_t rollport_metric_type;
enum {
    ROLLPORT_METRIC_COUNTER = 1,
    ROLLPORT_METRIC_GAUGE = 2,
    ROLLPORT_METRIC_HISTOGRAM = 3   /* observations in seconds unless the name says otherwise */
};

typedef struct rollport_host_metrics_v1 {
    uint32_t struct_size;
    /* Only during init. name: [a-z0-9_]+, the host prefixes it with
     * "rollport_adapter_<adapter>_". Returns an id >= 0, or -1 (bad name, wrong type, or called
     * outside init). Defining the same name and type twice returns the same id. */
    int32_t (*define)(const rollport_host *host, rollport_metric_type type, rollport_bytes name,
                      rollport_bytes help);
    /* [any-thread]. `chain` is the value of the metric's chain label (may be empty). Unknown ids
     * are ignored. add: counters and gauges; set: gauges; observe: histograms. */
    void (*add)(const rollport_host *host, int32_t metric, rollport_bytes chain, double value);
    void (*set)(const rollport_host *host, int32_t metric, rollport_bytes chain, double value);
    void (*observe)(const rollport_host *host, int32_t metric, rollport_bytes chain, double value);
} rollport_host_metrics_v1;

/* --- rollport.host.kv/1 -------------------------------------------------------------------- */

#define ROLLPORT_HOST_KV_V1 "rollport.host.kv/1"

/* Called by get with the stored value, borrowed for the duration of the call. */
typedef void (*rollport_kv_reader)(void *reader_ctx, rollport_bytes value);

/* A key-value namespace private to the adapter instance. Writes made while the host is
 * delivering an L1 block (inside handle or commit of rollport.l1-ingest/1) belong to that block:
 * they are stored atomically with the block's records and the host's cursor, and removed again
 * when the block is reverted. Writes outside a block (init, rpc calls, a one-off route) live
 * only until the process ends. Reads see the adapter's own writes at once. Keys are at most
 * 1024 bytes, values at most 16 MiB. */
typedef struct rollport_host_kv_v1 {
    uint32_t struct_size;
    /* [any-thread]. ROLLPORT_OK after calling reader once, or ROLLPORT_NOT_FOUND. */
    rollport_status (*get)(const rollport_host *host, rollport_bytes key, void *reader_ctx,
                           rollport_kv_reader reader);
    /* [host-serial]: only from the thread of the current call. ROLLPORT_OK, or
     * ROLLPORT_INVALID_ARGUMENT when key or value is over its limit or when the current call
     * may not write (claim of rollport.l1-ingest/1, decode of rollport.batch/1). */
    rollport_status (*put)(const rollport_host *host, rollport_bytes key, rollport_bytes value);
    rollport_status (*remove)(const rollport_host *host, rollport_bytes key);
} rollport_host_kv_v1;

/* --- rollport.host.crypto/1 (since ABI 1.1) -------------------------------------------------- */

#define ROLLPORT_HOST_CRYPTO_V1 "rollport.host.crypto/1"

/* The hashes and signatures every rollup format needs, so that an adapter written in C does not
 * carry its own keccak or curve code. All functions are [any-thread], never block and keep no
 * state between calls. Outputs are written to caller-owned buffers of the stated sizes. */
typedef struct rollport_host_crypto_v1 {
    uint32_t struct_size;
    /* Ethereum's Keccak-256 (the original padding 0x01, NOT FIPS-202 SHA3-256) of data. */
    void (*keccak256)(const rollport_host *host, rollport_bytes data, uint8_t out[32]);
    /* SHA-256 of data (EIP-4844 versioned hashes, Bitcoin-style commitments). */
    void (*sha256)(const rollport_host *host, rollport_bytes data, uint8_t out[32]);
    /* Recovers the signer of a 32-byte digest from signature = r (32) || s (32) || recovery id
     * (1 byte, 0 or 1: the y parity; convert legacy v = 27/28 or EIP-155 v = 2·chainId + 35/36
     * first). With require_low_s, s > n/2 is refused, as Ethereum transactions require (EIP-2);
     * the ecrecover precompile passes false. Writes the 20-byte address to address_out and,
     * when pubkey_out is not NULL, the 64-byte uncompressed public key without its 0x04 prefix.
     * Returns ROLLPORT_OK; ROLLPORT_VERIFY_FAILED when no key recovers (r or s zero or >= n,
     * high s refused, r not on the curve); ROLLPORT_INVALID_ARGUMENT for a recovery id > 1. */
    rollport_status (*secp256k1_recover)(const rollport_host *host, const uint8_t digest[32],
                                         const uint8_t signature[65], bool require_low_s,
                                         uint8_t address_out[20], uint8_t pubkey_out[64]);
    /* Signs a 32-byte digest with a 32-byte private key: deterministic (RFC 6979), low s.
     * Writes r || s || recovery id to signature_out. Returns ROLLPORT_OK, or
     * ROLLPORT_INVALID_ARGUMENT for a key that is zero or >= n. For devnets and tests: an
     * adapter that holds production keys should not hand them to any library it did not audit. */
    rollport_status (*secp256k1_sign)(const rollport_host *host, const uint8_t digest[32],
                                      const uint8_t private_key[32], uint8_t signature_out[65]);
} rollport_host_crypto_v1;

/* --- rollport.host.zk/1 (since ABI 1.2) ------------------------------------------------------
 *
 * BN254 pairings and Groth16 verification, so that an adapter written in C verifies validity
 * proofs without carrying curve code. All functions are [any-thread], never block and keep no
 * state visible to the caller (the host may cache prepared verifying keys by content).
 *
 * Encodings are the EVM's (EIP-196/197): 32-byte big-endian words; a G1 point is x || y
 * (64 bytes), a G2 point is x.c1 || x.c0 || y.c1 || y.c0 (128 bytes, IMAGINARY PART FIRST, the
 * opposite of snarkjs JSON); the point at infinity is all zero bytes. Every coordinate must be
 * below the base field modulus p, every point on its curve, every G2 point in the order-r
 * subgroup, and every public input below the scalar field modulus r (inputs >= r are refused,
 * not reduced: r + x would otherwise verify as x).
 *
 * `error` may be NULL; when it is not, a failing call writes one message through error->error
 * that names the field and byte offset at fault (error->emit is never called).
 */

#define ROLLPORT_HOST_ZK_V1 "rollport.host.zk/1"

typedef struct rollport_host_zk_v1 {
    uint32_t struct_size;
    /* The ecPairing precompile (0x08): input is k * 192 bytes, each pair a G1 point then a G2
     * point; k = 0 is allowed and gives true. On ROLLPORT_OK sets *holds to whether the product
     * of the k pairings is one. ROLLPORT_DECODE_ERROR (and *holds untouched) when the EVM would
     * fail the call: length not a multiple of 192, coordinate >= p, point off its curve, G2 point
     * outside the subgroup. */
    rollport_status (*bn254_pairing_check)(const rollport_host *host, rollport_bytes input,
                                           bool *holds, const rollport_output *error);
    /* Groth16 over BN254, checking e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) = 1
     * with vk_x = IC[0] + sum(public[i] * IC[i + 1]).
     *   verifying_key  alpha (G1) || beta (G2) || gamma (G2) || delta (G2) || IC[0..n] (G1 each):
     *                  448 + 64 * (n + 1) bytes for n public inputs
     *   proof          A (G1) || B (G2) || C (G1): 256 bytes
     *   public_inputs  n words of 32 bytes, each < r
     * Returns ROLLPORT_OK when the proof verifies, ROLLPORT_VERIFY_FAILED when it is well formed
     * and does not, ROLLPORT_DECODE_ERROR when any input is malformed (lengths, encodings, a
     * public input count that does not match the key). */
    rollport_status (*groth16_verify)(const rollport_host *host, rollport_bytes verifying_key,
                                      rollport_bytes proof, rollport_bytes public_inputs,
                                      const rollport_output *error);
} rollport_host_zk_v1;

/* --- rollport.host.l1/1 (since ABI 1.3) -----------------------------------------------------
 *
 * Reads of L1 through the host's own connection, so that an adapter never opens a socket:
 * block headers, logs and eth_call. The host answers from a cache keyed by block hash and
 * resolves block numbers against the chain its follower holds as canonical, so one adapter's
 * reads never mix forks:
 * - While the follower delivers block N (inside claim, handle or commit of
 *   rollport.l1-ingest/1), blocks above N do not exist yet (ROLLPORT_NOT_FOUND): the adapter
 *   sees L1 as it was when N was the head, whether the follower is backfilling or at the tip.
 * - After a reorg, the dropped blocks are never served again, by number or by hash.
 * - Outside block delivery (rpc calls, `rollport route`) reads see the follower's current chain.
 *
 * Every function is [any-thread] and may block while the host asks its L1 source; the host
 * retries transient failures itself. Do not call these from claim(): claim must be fast.
 * Results: ROLLPORT_OK; ROLLPORT_NOT_FOUND for a block that is not (yet) on the canonical
 * chain; ROLLPORT_UNAVAILABLE when the host has no L1 source (a one-off `rollport route`) or
 * the source keeps failing (try again while handling a later block); ROLLPORT_UNSUPPORTED when
 * the source cannot answer that read (eth_call on a recorded segment or the devnet);
 * ROLLPORT_INVALID_ARGUMENT for a malformed request. `error` may be NULL; when it is not, a
 * failing call writes one message through error->error saying what failed and why.
 */

#define ROLLPORT_HOST_L1_V1 "rollport.host.l1/1"

/* Which logs to read: blocks from_block..to_block (inclusive, at most
 * ROLLPORT_L1_MAX_LOG_RANGE blocks), emitted by `address`, and when has_topic0 is set, with that
 * first topic (an event signature). */
typedef struct rollport_l1_log_query {
    uint32_t struct_size;
    uint64_t from_block;
    uint64_t to_block;
    rollport_address address;
    bool has_topic0;
    rollport_hash32 topic0;
} rollport_l1_log_query;

#define ROLLPORT_L1_MAX_LOG_RANGE 10000u

/* Called once per log, in block order; `block` and `log` are borrowed for the call. */
typedef void (*rollport_l1_log_reader)(void *reader_ctx, const rollport_l1_block_ref *block,
                                       const rollport_log *log);

/* Called once with the bytes an eth_call returned, borrowed for the call. */
typedef void (*rollport_l1_bytes_reader)(void *reader_ctx, rollport_bytes data);

typedef struct rollport_host_l1_v1 {
    uint32_t struct_size;
    /* The canonical block at `number`. The caller sets out->struct_size; the host fills the
     * fields it covers (has_block true). */
    rollport_status (*block_by_number)(const rollport_host *host, uint64_t number,
                                       rollport_l1_block_ref *out, const rollport_output *error);
    /* The block with hash `hash` when it is canonical; ROLLPORT_NOT_FOUND otherwise. */
    rollport_status (*block_by_hash)(const rollport_host *host, const rollport_hash32 *hash,
                                     rollport_l1_block_ref *out, const rollport_output *error);
    /* The logs that `query` selects, each passed to `reader` with its block. Every block of
     * the range must be canonical (to_block at most the block being delivered). */
    rollport_status (*logs)(const rollport_host *host, const rollport_l1_log_query *query,
                            void *reader_ctx, rollport_l1_log_reader reader,
                            const rollport_output *error);
    /* eth_call of `to` with `data` against the state after canonical block `block_number`,
     * pinned by that block's hash. ROLLPORT_OK with the returned bytes passed to `reader`, or
     * ROLLPORT_VERIFY_FAILED when the call reverted, with the revert data passed to `reader`. */
    rollport_status (*call)(const rollport_host *host, rollport_address to, rollport_bytes data,
                            uint64_t block_number, void *reader_ctx,
                            rollport_l1_bytes_reader reader, const rollport_output *error);
} rollport_host_l1_v1;

/* ============================================================================================
 * The adapter: entry and lifecycle
 * ========================================================================================== */

/* Opaque to the host. */
typedef struct rollport_instance rollport_instance;

typedef uint32_t rollport_threading;
enum {
    /* The host serializes every call into the instance. */
    ROLLPORT_THREADING_SERIAL = 0,
    /* [concurrent] functions may run at once; [host-serial] ones never overlap anything. */
    ROLLPORT_THREADING_PARALLEL_QUERIES = 1,
    /* Every function except init and shutdown is safe to call concurrently. */
    ROLLPORT_THREADING_PARALLEL = 2
};

typedef struct rollport_plugin_entry {
    uint32_t magic;                 /* ROLLPORT_ENTRY_MAGIC */
    uint32_t struct_size;           /* sizeof(rollport_plugin_entry) as compiled */
    uint16_t abi_major;             /* ROLLPORT_ABI_MAJOR the adapter was compiled against */
    uint16_t abi_minor;             /* ROLLPORT_ABI_MINOR the adapter was compiled against */
    rollport_threading threading;
    /* Reverse-DNS id, e.g. "org.rollport.optimism". Must equal the manifest's adapter.id. */
    const char *adapter_id;
    /* Semantic version. Must equal the manifest's adapter.version. */
    const char *adapter_version;
    /* Free text for diagnostics: compiler, SDK version, commit. May be NULL. */
    const char *build_info;

    /* [host-serial]. Creates an instance. `config` is a JSON object (see below) borrowed for
     * the call. On success sets *out_instance (non-NULL) and returns ROLLPORT_OK; on failure
     * reports through error->error and returns a status, leaving *out_instance NULL. `host` stays
     * valid until shutdown(instance) returns. init may be called again after shutdown, and more
     * than once at a time (one instance per call): keep state in the instance, not in globals.
     *
     * config = {"adapter": {"id", "version"},
     *           "chains": [{"name", "chainId", "l1ChainId", "enabled", "startL1Block",
     *                       "anchors": {...}, "upgrades": {...}}, ...]}
     * with the manifest's values (anchors and upgrades as written there, numbers as JSON
     * numbers, hex as strings). Only enabled chains are routed to the adapter. */
    rollport_status (*init)(const rollport_host *host, rollport_bytes config,
                            rollport_instance **out_instance, const rollport_output *error);

    /* [host-serial]. Releases the instance. Called at most once per instance; the instance
     * and the host pointer given to its init are not used afterwards. */
    void (*shutdown)(rollport_instance *instance);

    /* [any-thread]. Returns the extension table with that id (e.g. ROLLPORT_L1_INGEST_V1), or NULL
     * when not supported. The table must stay valid while the instance lives; returning the
     * same static table for every instance is the usual way. */
    const void *(*get_extension)(rollport_instance *instance, const char *extension_id);
} rollport_plugin_entry;

/* The type of the exported entry function. It is called once per load, with the host's ABI
 * version, and returns the adapter's entry (static storage), or NULL when it cannot serve that
 * host version. It must not call back into the host and must be cheap. */
typedef const rollport_plugin_entry *(*rollport_plugin_entry_fn)(uint32_t host_abi_major,
                                                                  uint32_t host_abi_minor);

/* ============================================================================================
 * Adapter extensions
 * ========================================================================================== */

/* --- rollport.l1-ingest/1 -------------------------------------------------------------------
 *
 * How L1 reaches the adapter (the shape of reth's execution extensions). For each L1 block the
 * follower accepts, in order, the host calls claim() and handle() for every item of that block
 * routed to this adapter, then commit() for the block. Items of kind config_change come first
 * (logs by index), because a configuration change governs how the rest of its own block is read
 * (an OP Stack batcher change applies to that block's batcher transactions); then every other
 * item in block order (transactions by index, then logs by index). The config_change items are
 * claimed and handled before any other item of the block is claimed. When L1 reorganises, the host calls revert() for each dropped block, newest
 * first, and then delivers the new blocks. Records emitted and kv writes made during handle()
 * and commit() belong to that block and disappear with it on revert.
 */

#define ROLLPORT_L1_INGEST_V1 "rollport.l1-ingest/1"

typedef struct rollport_l1_ingest_v1 {
    uint32_t struct_size;

    /* [concurrent]. The router matched one of this adapter's manifest rules on `item`; confirm.
     * Returns ROLLPORT_OK (mine), ROLLPORT_NOT_CLAIMED, or an error status when the item is
     * unusable. Must be fast (the host calls it for every matching L1 item), must not emit
     * records and must not write the kv store (the host refuses such writes with
     * ROLLPORT_INVALID_ARGUMENT). */
    rollport_status (*claim)(rollport_instance *instance, const rollport_item *item);

    /* [host-serial]. Decode a claimed item and emit its records through `output`. Returns
     * ROLLPORT_OK, ROLLPORT_DECODE_ERROR (malformed), ROLLPORT_VERIFY_FAILED (provably wrong),
     * ROLLPORT_UNAVAILABLE (retry later), ... with a message through output->error. */
    rollport_status (*handle)(rollport_instance *instance, const rollport_item *item,
                              const rollport_output *output);

    /* [host-serial]. Every item of `block` routed to this adapter has been handled. The adapter
     * may emit records that need the whole block, then sets *finished_l1_block to the highest
     * L1 block whose effects are completely processed (it may lag behind when, say, a channel
     * is still open); the host keeps the data needed to replay from there. */
    rollport_status (*commit)(rollport_instance *instance, const rollport_l1_block_ref *block,
                              const rollport_output *output, uint64_t *finished_l1_block);

    /* [host-serial]. `block`, which was committed before, is no longer canonical. The host has
     * already removed its records and kv writes; drop any in-memory state derived from it. */
    rollport_status (*revert)(rollport_instance *instance, const rollport_l1_block_ref *block);
} rollport_l1_ingest_v1;

/* --- rollport.rpc/1 -------------------------------------------------------------------------
 *
 * Named methods taking and returning JSON, served by `rollport call` and by the JSON-RPC API
 * under the adapter's namespace (e.g. "optimism_outputRoot").
 */

#define ROLLPORT_RPC_V1 "rollport.rpc/1"

typedef struct rollport_rpc_v1 {
    uint32_t struct_size;
    /* The method names served, each NUL-terminated; owned by the adapter (see Memory). */
    const char *const *methods;
    size_t method_count;
    /* [concurrent]. `params` is a JSON array or object, `chain` the chain name the caller chose
     * (may be empty). On success emits exactly one record of kind ROLLPORT_KIND_RPC_RESULT whose
     * json is the result (any JSON value) and returns ROLLPORT_OK. ROLLPORT_NOT_FOUND for an
     * unknown method, ROLLPORT_INVALID_ARGUMENT for bad params. */
    rollport_status (*call)(rollport_instance *instance, rollport_bytes chain, rollport_bytes method,
                            rollport_bytes params, const rollport_output *output);
} rollport_rpc_v1;

/* --- rollport.batch/1 (since ABI 1.2) --------------------------------------------------------
 *
 * Decoding what one L1 item carries, outside the follower: `rollport batch decode`, and checks
 * of a single batcher transaction. Nothing is stored and no state is changed: decode must not
 * write the kv store (the host refuses such writes with ROLLPORT_INVALID_ARGUMENT), and what it
 * emits is printed, not kept.
 */

#define ROLLPORT_BATCH_V1 "rollport.batch/1"

typedef uint32_t rollport_batch_flags;
enum {
    /* Recover and report every L2 transaction's sender (costly: one signature recovery each). */
    ROLLPORT_BATCH_RECOVER_SENDERS = 1u << 0
};

typedef struct rollport_batch_v1 {
    uint32_t struct_size;
    /* [concurrent]. `item` is a transaction with item->kind == ROLLPORT_KIND_BATCH and
     * item->chain naming any chain of the adapter's manifest, enabled or not; its block, receipt
     * and blobs may be unknown. Decodes as far as the item alone allows (for example the frames
     * of a channel the item does not complete) and emits records of kind ROLLPORT_KIND_BATCH:
     * one per decoded batch, and records for partial data, each JSON saying what it holds
     * ("type") and what could not be checked without more context. Unknown flag bits are
     * ignored. Returns ROLLPORT_OK, ROLLPORT_NOT_CLAIMED when the item is not a batch of that
     * chain, ROLLPORT_DECODE_ERROR when malformed, ROLLPORT_VERIFY_FAILED when provably wrong
     * (a blob that does not match its versioned hash). */
    rollport_status (*decode)(rollport_instance *instance, const rollport_item *item,
                              rollport_batch_flags flags, const rollport_output *output);
} rollport_batch_v1;

/* --- rollport.batch-encode/1 (since ABI 1.2) -------------------------------------------------
 *
 * Building a rollup's L1 batch data from L2 blocks: `rollport batch encode` and the devnet.
 */

#define ROLLPORT_BATCH_ENCODE_V1 "rollport.batch-encode/1"

typedef struct rollport_batch_encode_v1 {
    uint32_t struct_size;
    /* [concurrent]. `request` is a JSON object {"blocks": [...], "options": {...}} whose block and
     * option fields each adapter documents (uint256 values as 0x quantities or decimal strings,
     * bytes as 0x hex). Emits, in posting order, one record of kind ROLLPORT_KIND_BATCH per L1
     * transaction to send, with json {"index": n, "to": "0x…", "data": "0x…"} for calldata or
     * {"index": n, "to": "0x…", "data": "0x", "blobs": ["0x…", …]} for blob transactions, plus
     * any fields the adapter documents. Returns ROLLPORT_OK, ROLLPORT_INVALID_ARGUMENT for a
     * request of the wrong shape (the message names the JSON path), ROLLPORT_UNSUPPORTED for an
     * option the chain's forks do not allow. */
    rollport_status (*encode)(rollport_instance *instance, rollport_bytes chain,
                              rollport_bytes request, const rollport_output *output);
} rollport_batch_encode_v1;

/* Reserved extension ids, defined by later revisions of this header:
 *   "rollport.state/1"         state commitments and disputes
 *   "rollport.proof/1"         validity and fault proofs
 *   "rollport.bridge/1"        deposits, withdrawals and messages with inclusion proofs */

/* ============================================================================================
 * The one exported symbol
 * ========================================================================================== */

/* Hidden from Swift's importer so that a Swift adapter can define it with @c. */
#ifndef __swift__
ROLLPORT_EXPORT const rollport_plugin_entry *rollport_plugin_entry_v1(uint32_t host_abi_major,
                                                                      uint32_t host_abi_minor);
#endif

#ifdef __cplusplus
}
#endif

#endif /* ROLLPORT_H */
