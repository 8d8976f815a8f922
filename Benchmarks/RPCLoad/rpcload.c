/*
 * rpcload: an exact HTTP/1.1 load generator for the Rollport JSON-RPC server.
 *
 * One thread, one epoll loop, N keep-alive connections with at most one request
 * in flight each. Closed loop (--rate 0) or open loop (--rate N requests/s in
 * total), where latency runs from the scheduled send time so that a slow server
 * cannot hide its queueing (coordinated omission).
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE rpcload.c -o rpcload -lm
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX 32768          /* largest response head accepted */
#define LINE_MAX_LEN 4096       /* largest chunk-size or trailer line accepted */
#define DRAIN_NS 10000000000ull /* how long requests sent in the window may take to finish */
#define NS 1000000000ull

static const char *usage_text =
    "usage: rpcload --url http://HOST:PORT/PATH [options]\n"
    "  --method POST|GET      request method (default POST)\n"
    "  --body TEXT            request body\n"
    "  --body-file FILE       request body read from FILE\n"
    "  --header 'K: V'        extra request header (repeatable)\n"
    "  --connections N        keep-alive connections, one request in flight each (default 50)\n"
    "  --duration SECONDS     measured window (default 10)\n"
    "  --warmup SECONDS       requests sent before the window are not counted (default 2)\n"
    "  --rate N               0: closed loop (default); N: open loop at N requests/s in total,\n"
    "                         latency measured from each request's scheduled send time\n"
    "  --json                 print one JSON object instead of a table\n";

static void usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("rpcload: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(run rpcload --help for the options)\n", stderr);
    exit(2);
}

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("rpcload: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------- settings */

static char addr_text[400];     /* "host:port (numeric)" for messages */
static struct sockaddr_storage addr;
static socklen_t addr_len;
static char *request;           /* the request bytes, sent unchanged every time */
static size_t request_len;
static long nconn = 50;
static double duration_s = 10, warmup_s = 2, rate = 0;
static int json_out = 0;

/* ---------------------------------------------------------------- state */

enum parse_state { P_HEAD, P_BODY_LEN, P_CHUNK_SIZE, P_CHUNK_DATA, P_CHUNK_CRLF, P_TRAILER, P_BODY_EOF };

typedef struct {
    int fd;
    int index;
    int connecting;      /* connect() not finished yet */
    int busy;            /* a request is in flight (or waiting for the connection) */
    int want_write;      /* request bytes still to send */
    size_t woff;
    uint64_t start_ns;   /* latency reference: scheduled (open loop) or actual send time */
    int counted;
    uint64_t slot;       /* open loop: index of this connection's next slot */
    int reused;          /* the connection has already carried a response */
    /* response parser */
    enum parse_state ps;
    int status;
    int close_after;
    uint64_t remaining;
    char *head;
    size_t head_len;
    char line[LINE_MAX_LEN];
    size_t line_len;
    uint64_t resp_bytes;
    int found_error;
    unsigned char tail[6];
    size_t tail_len;
} conn;

static conn *conns;
static int epfd, tfd;
static uint64_t t0, warm_end, end_ns, last_done;
static long inflight;
static uint64_t n_requests, n_warmup, http_errors, rpc_errors, bytes_received, reconnects;
static uint64_t *lat;
static size_t lat_len, lat_cap;

/* ---------------------------------------------------------------- connections */

static void ep_set(conn *c, int op, uint32_t events) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.ptr = c;
    if (epoll_ctl(epfd, op, c->fd, &ev) != 0) die("epoll_ctl: %s", strerror(errno));
}

static void conn_open(conn *c) {
    int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket for %s: %s", addr_text, strerror(errno));
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
        die("TCP_NODELAY for %s: %s", addr_text, strerror(errno));
    c->fd = fd;
    c->reused = 0;
    if (connect(fd, (struct sockaddr *)&addr, addr_len) == 0) {
        c->connecting = 0;
        ep_set(c, EPOLL_CTL_ADD, EPOLLIN);
    } else if (errno == EINPROGRESS) {
        c->connecting = 1;
        ep_set(c, EPOLL_CTL_ADD, EPOLLOUT);
    } else {
        die("connection %d to %s failed: %s", c->index, addr_text, strerror(errno));
    }
}

static void conn_close(conn *c) {
    close(c->fd); /* closing also removes it from epoll */
    c->fd = -1;
}

static void parser_reset(conn *c) {
    c->ps = P_HEAD;
    c->status = 0;
    c->close_after = 0;
    c->remaining = 0;
    c->head_len = 0;
    c->line_len = 0;
    c->resp_bytes = 0;
    c->found_error = 0;
    c->tail_len = 0;
}

static void do_write(conn *c) {
    if (c->woff == 0 && rate == 0) c->start_ns = now_ns(); /* closed loop: actual send time */
    while (c->woff < request_len) {
        ssize_t w = send(c->fd, request + c->woff, request_len - c->woff, MSG_NOSIGNAL);
        if (w > 0) {
            c->woff += (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->want_write) ep_set(c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
            c->want_write = 1;
            return;
        } else {
            die("sending on connection %d to %s failed after %zu of %zu request bytes: %s", c->index,
                addr_text, c->woff, request_len, w < 0 ? strerror(errno) : "nothing written");
        }
    }
    if (c->want_write) ep_set(c, EPOLL_CTL_MOD, EPOLLIN);
    c->want_write = 0;
}

static void send_request(conn *c, uint64_t start, int counted) {
    c->busy = 1;
    c->start_ns = start;
    c->counted = counted;
    c->woff = 0;
    inflight++;
    if (c->connecting) {
        c->want_write = 1; /* EPOLLOUT is armed; the request goes out once connected */
        return;
    }
    do_write(c);
}

/* ---------------------------------------------------------------- scheduling */

static uint64_t slot_time(const conn *c, uint64_t k) {
    /* Slot j of the whole schedule is at j / rate; connection i owns j = i + k * connections. */
    long double j = (long double)c->index + (long double)k * (long double)nconn;
    return t0 + (uint64_t)(j * (long double)NS / (long double)rate);
}

/* A connection has become free at time `now`: give it its next request, if any. */
static void next_request(conn *c, uint64_t now) {
    if (rate == 0) {
        if (now < end_ns) send_request(c, now, now >= warm_end);
        return;
    }
    uint64_t s = slot_time(c, c->slot);
    if (s >= end_ns || s > now) return; /* done, or the timer will bring it */
    c->slot++;
    send_request(c, s, s >= warm_end);
}

static void record(uint64_t v) {
    if (lat_len == lat_cap) {
        size_t cap = lat_cap ? lat_cap * 2 : 65536;
        uint64_t *p = realloc(lat, cap * sizeof *p);
        if (!p) die("out of memory for %zu latencies", cap);
        lat = p;
        lat_cap = cap;
    }
    lat[lat_len++] = v;
}

static void complete(conn *c) {
    uint64_t t = now_ns();
    if (c->want_write) die("connection %d: response completed before the request was fully sent", c->index);
    inflight--;
    c->busy = 0;
    c->reused = 1;
    if (c->counted) {
        n_requests++;
        last_done = t;
        record(t - c->start_ns);
        bytes_received += c->resp_bytes;
        if (c->status != 200) http_errors++;
        else if (c->found_error) rpc_errors++;
    } else {
        n_warmup++;
    }
    int reopen = c->close_after;
    parser_reset(c);
    if (reopen) {
        conn_close(c);
        reconnects++;
        conn_open(c);
    }
    next_request(c, t);
}

/* ---------------------------------------------------------------- response parsing */

static void malformed(const conn *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rpcload: malformed response on connection %d from %s: ", c->index, addr_text);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* Looks for the bytes "error" (with the quotes) in the body, across read boundaries. */
static void scan_body(conn *c, const char *p, size_t n) {
    static const char pat[] = "\"error\"";
    const size_t m = sizeof pat - 1;
    if (c->found_error || c->status != 200 || n == 0) return;
    unsigned char tmp[12];
    size_t k = n < m - 1 ? n : m - 1;
    memcpy(tmp, c->tail, c->tail_len);
    memcpy(tmp + c->tail_len, p, k);
    if (memmem(tmp, c->tail_len + k, pat, m) || memmem(p, n, pat, m)) {
        c->found_error = 1;
        return;
    }
    /* keep the last m - 1 bytes of everything seen */
    size_t total = c->tail_len + n;
    size_t keep = total < m - 1 ? total : m - 1;
    if (n >= keep) {
        memcpy(c->tail, p + n - keep, keep);
    } else {
        size_t from_tail = keep - n;
        memmove(c->tail, c->tail + c->tail_len - from_tail, from_tail);
        memcpy(c->tail + from_tail, p, n);
    }
    c->tail_len = keep;
}

static int token_in_list(const char *v, size_t vlen, const char *tok, int last_only) {
    /* comma-separated tokens, case-insensitive; last_only: only the final token counts */
    size_t tl = strlen(tok);
    int found = 0;
    size_t i = 0;
    while (i <= vlen) {
        size_t s = i;
        while (i < vlen && v[i] != ',') i++;
        size_t e = i;
        while (s < e && (v[s] == ' ' || v[s] == '\t')) s++;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
        if (e > s) {
            int eq = (e - s == tl && strncasecmp(v + s, tok, tl) == 0);
            if (last_only) found = eq;
            else if (eq) found = 1;
        }
        i++;
    }
    return found;
}

/* Parses a complete head (ending in CRLF CRLF) and sets up the body state.
 * Returns 1 if the response has no body (complete now). */
static int parse_head(conn *c, const char *h, size_t len) {
    if (len < 12 || memcmp(h, "HTTP/1.", 7) != 0 || (h[7] != '0' && h[7] != '1') || h[8] != ' ')
        malformed(c, "status line does not start with \"HTTP/1.0 \" or \"HTTP/1.1 \"");
    int http10 = h[7] == '0';
    for (int i = 9; i < 12; i++)
        if (h[i] < '0' || h[i] > '9') malformed(c, "status code is not three digits");
    if (h[12] != ' ' && h[12] != '\r') malformed(c, "status code is not followed by a space");
    c->status = (h[9] - '0') * 100 + (h[10] - '0') * 10 + (h[11] - '0');
    const char *p = memchr(h, '\n', len);
    if (!p || p == h || p[-1] != '\r') malformed(c, "status line does not end in CRLF");
    p++;
    const char *end = h + len - 2; /* the final empty line */
    int have_cl = 0, chunked = 0, te = 0, keep_alive = 0;
    uint64_t cl = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end + 2 - p));
        if (!nl || nl[-1] != '\r') malformed(c, "header line does not end in CRLF");
        const char *le = nl - 1;
        if (*p == ' ' || *p == '\t') malformed(c, "obsolete folded header line");
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (!colon || colon == p) malformed(c, "header line without a name and a colon: \"%.*s\"", (int)(le - p), p);
        for (const char *q = p; q < colon; q++)
            if (*q == ' ' || *q == '\t') malformed(c, "whitespace in header name \"%.*s\"", (int)(colon - p), p);
        size_t nlen = (size_t)(colon - p);
        const char *v = colon + 1, *ve = le;
        while (v < ve && (*v == ' ' || *v == '\t')) v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
        size_t vlen = (size_t)(ve - v);
        if (nlen == 14 && strncasecmp(p, "content-length", 14) == 0) {
            if (vlen == 0 || vlen > 18) malformed(c, "Content-Length \"%.*s\" is not a number", (int)vlen, v);
            uint64_t x = 0;
            for (size_t i = 0; i < vlen; i++) {
                if (v[i] < '0' || v[i] > '9') malformed(c, "Content-Length \"%.*s\" is not a number", (int)vlen, v);
                x = x * 10 + (uint64_t)(v[i] - '0');
            }
            if (have_cl && x != cl) malformed(c, "two different Content-Length headers");
            have_cl = 1;
            cl = x;
        } else if (nlen == 17 && strncasecmp(p, "transfer-encoding", 17) == 0) {
            te = 1;
            chunked = token_in_list(v, vlen, "chunked", 1);
        } else if (nlen == 10 && strncasecmp(p, "connection", 10) == 0) {
            if (token_in_list(v, vlen, "close", 0)) c->close_after = 1;
            if (token_in_list(v, vlen, "keep-alive", 0)) keep_alive = 1;
        }
        p = nl + 1;
    }
    if (http10 && !keep_alive) c->close_after = 1;
    if (c->status == 101) malformed(c, "101 Switching Protocols is not expected");
    if (c->status < 200 || c->status == 204 || c->status == 304) return 1;
    if (te) {
        if (chunked) {
            c->ps = P_CHUNK_SIZE;
        } else {
            c->ps = P_BODY_EOF; /* another final coding: the body runs to the end of the connection */
            c->close_after = 1;
        }
        return 0;
    }
    if (have_cl) {
        if (cl == 0) return 1;
        c->ps = P_BODY_LEN;
        c->remaining = cl;
        return 0;
    }
    c->ps = P_BODY_EOF;
    c->close_after = 1;
    return 0;
}

static void parse_chunk_size(conn *c) {
    const char *l = c->line;
    size_t n = c->line_len; /* excludes CRLF */
    uint64_t x = 0;
    size_t i = 0;
    for (; i < n; i++) {
        int d;
        char ch = l[i];
        if (ch >= '0' && ch <= '9') d = ch - '0';
        else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
        else break;
        if (x >> 58) malformed(c, "chunk size \"%.*s\" is too large", (int)n, l);
        x = x * 16 + (uint64_t)d;
    }
    if (i == 0) malformed(c, "chunk size line \"%.*s\" does not start with a hex number", (int)n, l);
    while (i < n && (l[i] == ' ' || l[i] == '\t')) i++;
    if (i < n && l[i] != ';') malformed(c, "chunk size line \"%.*s\" has junk after the size", (int)n, l);
    c->remaining = x;
    c->ps = x == 0 ? P_TRAILER : P_CHUNK_DATA;
}

/* Collects one CRLF-terminated line into c->line; returns bytes consumed, sets *done. */
static size_t take_line(conn *c, const char *p, size_t n, int *done) {
    *done = 0;
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) + 1 : n;
    if (c->line_len + take > LINE_MAX_LEN) malformed(c, "chunked framing line longer than %d bytes", LINE_MAX_LEN);
    memcpy(c->line + c->line_len, p, take);
    c->line_len += take;
    if (nl) {
        if (c->line_len < 2 || c->line[c->line_len - 2] != '\r')
            malformed(c, "chunked framing line does not end in CRLF");
        c->line_len -= 2;
        *done = 1;
    }
    return take;
}

static void feed(conn *c, const char *p, size_t n) {
    while (n > 0) {
        if (!c->busy) malformed(c, "%zu bytes arrived with no request outstanding", n);
        switch (c->ps) {
        case P_HEAD: {
            size_t old = c->head_len;
            size_t room = HEAD_MAX - old;
            size_t take = n < room ? n : room;
            memcpy(c->head + old, p, take);
            c->head_len += take;
            size_t from = old >= 3 ? old - 3 : 0;
            char *e = memmem(c->head + from, c->head_len - from, "\r\n\r\n", 4);
            if (!e) {
                if (c->head_len == HEAD_MAX) malformed(c, "response head longer than %d bytes", HEAD_MAX);
                return;
            }
            size_t head_end = (size_t)(e - c->head) + 4;
            size_t used = head_end - old;
            p += used;
            n -= used;
            int no_body = parse_head(c, c->head, head_end);
            c->head_len = 0;
            if (c->status < 200) { /* interim response: the real one follows */
                c->close_after = 0;
                continue;
            }
            if (no_body) {
                complete(c);
                if (n > 0) malformed(c, "%zu unexpected bytes after a response without body", n);
                return;
            }
            break;
        }
        case P_BODY_LEN: {
            size_t take = n < c->remaining ? n : (size_t)c->remaining;
            scan_body(c, p, take);
            p += take;
            n -= take;
            c->remaining -= take;
            if (c->remaining == 0) {
                complete(c);
                if (n > 0) malformed(c, "%zu bytes beyond Content-Length", n);
                return;
            }
            break;
        }
        case P_CHUNK_SIZE: {
            int done;
            size_t used = take_line(c, p, n, &done);
            p += used;
            n -= used;
            if (done) {
                parse_chunk_size(c);
                c->line_len = 0;
            }
            break;
        }
        case P_CHUNK_DATA: {
            size_t take = n < c->remaining ? n : (size_t)c->remaining;
            scan_body(c, p, take);
            p += take;
            n -= take;
            c->remaining -= take;
            if (c->remaining == 0) {
                c->ps = P_CHUNK_CRLF;
                c->remaining = 2;
            }
            break;
        }
        case P_CHUNK_CRLF: {
            char want = c->remaining == 2 ? '\r' : '\n';
            if (*p != want) malformed(c, "chunk data not followed by CRLF");
            p++;
            n--;
            if (--c->remaining == 0) c->ps = P_CHUNK_SIZE;
            break;
        }
        case P_TRAILER: {
            int done;
            size_t used = take_line(c, p, n, &done);
            p += used;
            n -= used;
            if (done) {
                int empty = c->line_len == 0;
                c->line_len = 0;
                if (empty) {
                    complete(c);
                    if (n > 0) malformed(c, "%zu bytes after the last chunk", n);
                    return;
                }
            }
            break;
        }
        case P_BODY_EOF:
            scan_body(c, p, n);
            return;
        }
    }
}

static void on_eof(conn *c) {
    if (c->busy && c->ps == P_BODY_EOF) {
        c->close_after = 1;
        complete(c); /* reopens the connection */
        return;
    }
    if (c->busy) {
        if (c->resp_bytes == 0)
            die("connection %d to %s: the server closed the connection without answering a request%s", c->index,
                addr_text, c->reused ? " (a reused keep-alive connection)" : "");
        malformed(c, "connection closed in the middle of a response (%llu bytes received)",
                  (unsigned long long)c->resp_bytes);
    }
    /* an idle keep-alive connection closed by the server: open a new one */
    conn_close(c);
    reconnects++;
    conn_open(c);
}

static char rbuf[1 << 16];

static void on_event(conn *c, uint32_t ev) {
    if (c->connecting) {
        int err = 0;
        socklen_t el = sizeof err;
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0) err = errno;
        if (err) die("connection %d to %s failed: %s", c->index, addr_text, strerror(err));
        if (!(ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
        c->connecting = 0;
        if (c->want_write) {
            c->want_write = 0;
            ep_set(c, EPOLL_CTL_MOD, EPOLLIN);
            do_write(c);
        } else {
            ep_set(c, EPOLL_CTL_MOD, EPOLLIN);
        }
        return;
    }
    if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        ssize_t r = recv(c->fd, rbuf, sizeof rbuf, 0);
        if (r > 0) {
            c->resp_bytes += (uint64_t)r;
            feed(c, rbuf, (size_t)r);
            return; /* the connection may have been reopened: its old events are void */
        } else if (r == 0) {
            on_eof(c);
            return;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            die("connection %d to %s: receive failed%s: %s", c->index, addr_text,
                c->busy ? " while waiting for a response" : "", strerror(errno));
        }
    }
    if ((ev & EPOLLOUT) && c->want_write) do_write(c);
}

/* ---------------------------------------------------------------- arguments */

static double parse_number(const char *opt, const char *s, double lo, double hi) {
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (e == s || *e || errno || !isfinite(v) || v < lo || v > hi)
        usage_error("%s needs a number from %g to %g, got \"%s\"", opt, lo, hi, s);
    return v;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) usage_error("cannot open --body-file %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    if (!b) die("out of memory");
    for (;;) {
        if (n == cap) {
            cap *= 2;
            b = realloc(b, cap);
            if (!b) die("out of memory reading %s", path);
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    if (ferror(f)) usage_error("cannot read --body-file %s", path);
    fclose(f);
    *len = n;
    return b;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
    if (*len + n > *cap) {
        while (*len + n > *cap) *cap = *cap ? *cap * 2 : 1024;
        *buf = realloc(*buf, *cap);
        if (!*buf) die("out of memory");
    }
    memcpy(*buf + *len, s, n);
    *len += n;
}

static void appends(char **buf, size_t *len, size_t *cap, const char *s) { append(buf, len, cap, s, strlen(s)); }

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* nearest rank on the sorted latencies; permille in integers so 99.9 % of 1000 is rank 999 */
static double pct_ms(uint64_t permille) {
    if (lat_len == 0) return 0;
    size_t rank = (size_t)((permille * (uint64_t)lat_len + 999) / 1000);
    if (rank < 1) rank = 1;
    if (rank > lat_len) rank = lat_len;
    return (double)lat[rank - 1] / 1e6;
}

int main(int argc, char **argv) {
    const char *url = NULL, *method = "POST", *body_text = NULL, *body_file = NULL;
    const char **headers = calloc((size_t)argc, sizeof *headers);
    int nheaders = 0;
    if (!headers) die("out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (!strcmp(a, "--json")) {
            json_out = 1;
            continue;
        }
        if (i + 1 >= argc) usage_error("%s needs a value (or is not an option)", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--url")) url = v;
        else if (!strcmp(a, "--method")) method = v;
        else if (!strcmp(a, "--body")) body_text = v;
        else if (!strcmp(a, "--body-file")) body_file = v;
        else if (!strcmp(a, "--header")) headers[nheaders++] = v;
        else if (!strcmp(a, "--connections")) {
            double x = parse_number(a, v, 1, 100000);
            if (x != floor(x)) usage_error("--connections must be a whole number, got \"%s\"", v);
            nconn = (long)x;
        }
        else if (!strcmp(a, "--duration")) duration_s = parse_number(a, v, 0.001, 1e6);
        else if (!strcmp(a, "--warmup")) warmup_s = parse_number(a, v, 0, 1e6);
        else if (!strcmp(a, "--rate")) rate = parse_number(a, v, 0, 1e9);
        else usage_error("unknown option %s", a);
    }
    if (!url) usage_error("--url is required, e.g. --url http://127.0.0.1:8545/");
    if (strcmp(method, "POST") && strcmp(method, "GET")) usage_error("--method must be POST or GET, got \"%s\"", method);
    if (body_text && body_file) usage_error("give either --body or --body-file, not both");

    /* URL: http://host[:port][/path] with host a name, an IPv4 address or [IPv6] */
    if (strncmp(url, "http://", 7) != 0)
        usage_error("--url must start with http:// (TLS is not supported), got \"%s\"", url);
    const char *h = url + 7, *he, *after;
    char host[256], port[16] = "80";
    if (*h == '[') {
        he = strchr(h, ']');
        if (!he) usage_error("--url has an unclosed [ in the host");
        if ((size_t)(he - h - 1) >= sizeof host) usage_error("--url host is too long");
        memcpy(host, h + 1, (size_t)(he - h - 1));
        host[he - h - 1] = 0;
        after = he + 1;
    } else {
        he = h + strcspn(h, ":/?");
        if (he == h || (size_t)(he - h) >= sizeof host) usage_error("--url needs a host, e.g. http://127.0.0.1:8545/");
        memcpy(host, h, (size_t)(he - h));
        host[he - h] = 0;
        after = he;
    }
    if (*after == ':') {
        const char *ps = after + 1, *pe = ps + strspn(ps, "0123456789");
        if (pe == ps || pe - ps > 5 || atol(ps) < 1 || atol(ps) > 65535)
            usage_error("--url port must be a number from 1 to 65535");
        memcpy(port, ps, (size_t)(pe - ps));
        port[pe - ps] = 0;
        after = pe;
    }
    if (*after && *after != '/' && *after != '?') usage_error("--url has junk after the host and port: \"%s\"", after);
    char path[8192];
    snprintf(path, sizeof path, "%s%s", *after == '/' ? "" : "/", after);
    for (const char *q = path; *q; q++)
        if ((unsigned char)*q <= ' ' || *q == 0x7f) usage_error("--url path contains a space or control character; percent-encode it");

    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai) die("cannot resolve %s: %s", host, gai_strerror(gai));
    memcpy(&addr, res->ai_addr, res->ai_addrlen);
    addr_len = res->ai_addrlen;
    char numeric[INET6_ADDRSTRLEN + 1] = "?";
    getnameinfo(res->ai_addr, res->ai_addrlen, numeric, sizeof numeric, NULL, 0, NI_NUMERICHOST);
    snprintf(addr_text, sizeof addr_text, "%s:%s (%s)", host, port, numeric);
    freeaddrinfo(res);

    size_t body_len = 0;
    char *body = NULL;
    if (body_file) body = read_file(body_file, &body_len);
    else if (body_text) body_len = strlen(body = (char *)body_text);

    /* the request, built once */
    size_t cap = 0;
    int has_host = 0, has_ctype = 0;
    appends(&request, &request_len, &cap, method);
    appends(&request, &request_len, &cap, " ");
    appends(&request, &request_len, &cap, path);
    appends(&request, &request_len, &cap, " HTTP/1.1\r\n");
    for (int i = 0; i < nheaders; i++) {
        const char *x = headers[i], *colon = strchr(x, ':');
        if (!colon || colon == x || strpbrk(x, "\r\n"))
            usage_error("--header must look like 'Name: value' on one line, got \"%s\"", x);
        size_t nl = (size_t)(colon - x);
        if (strcspn(x, " \t") < nl) usage_error("--header name must not contain spaces: \"%s\"", x);
        if ((nl == 14 && !strncasecmp(x, "content-length", nl)) || (nl == 17 && !strncasecmp(x, "transfer-encoding", nl)))
            usage_error("--header %.*s is set by rpcload from the body; leave it out", (int)nl, x);
        if (nl == 4 && !strncasecmp(x, "host", 4)) has_host = 1;
        if (nl == 12 && !strncasecmp(x, "content-type", 12)) has_ctype = 1;
        appends(&request, &request_len, &cap, x);
        appends(&request, &request_len, &cap, "\r\n");
    }
    free(headers);
    if (!has_host) {
        char hh[400];
        int is6 = strchr(host, ':') != NULL;
        snprintf(hh, sizeof hh, "Host: %s%s%s:%s\r\n", is6 ? "[" : "", host, is6 ? "]" : "", port);
        appends(&request, &request_len, &cap, hh);
    }
    if (body_len && !has_ctype) appends(&request, &request_len, &cap, "Content-Type: application/json\r\n");
    if (body_len || !strcmp(method, "POST")) {
        char cl[64];
        snprintf(cl, sizeof cl, "Content-Length: %zu\r\n", body_len);
        appends(&request, &request_len, &cap, cl);
    }
    appends(&request, &request_len, &cap, "\r\n");
    append(&request, &request_len, &cap, body, body_len);

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && (rlim_t)nconn + 16 > rl.rlim_cur)
        usage_error("--connections %ld needs more open files than the limit %llu; lower it or raise `ulimit -n`", nconn,
                    (unsigned long long)rl.rlim_cur);

    signal(SIGPIPE, SIG_IGN);
    epfd = epoll_create1(EPOLL_CLOEXEC);
    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (epfd < 0 || tfd < 0) die("epoll/timerfd: %s", strerror(errno));
    {
        struct epoll_event ev;
        memset(&ev, 0, sizeof ev);
        ev.events = EPOLLIN;
        ev.data.ptr = NULL; /* NULL marks the timer */
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev) != 0) die("epoll_ctl timer: %s", strerror(errno));
    }

    conns = calloc((size_t)nconn, sizeof *conns);
    if (!conns) die("out of memory");
    for (long i = 0; i < nconn; i++) {
        conn *c = &conns[i];
        c->index = (int)i;
        c->head = malloc(HEAD_MAX);
        if (!c->head) die("out of memory");
        parser_reset(c);
        conn_open(c);
    }

    struct epoll_event evs[256];
    /* wait until every connection is established, so the schedule starts on a ready pool */
    for (;;) {
        long pending = 0;
        for (long i = 0; i < nconn; i++) pending += conns[i].connecting;
        if (!pending) break;
        int n = epoll_wait(epfd, evs, 256, 5000);
        if (n < 0 && errno != EINTR) die("epoll_wait: %s", strerror(errno));
        if (n == 0) die("connecting to %s: %ld of %ld connections not established after 5 s", addr_text, pending, nconn);
        for (int i = 0; i < n; i++)
            if (evs[i].data.ptr) on_event(evs[i].data.ptr, evs[i].events);
    }

    if (rate > 0) {
        double want = rate * duration_s * 1.05 + 1024;
        size_t expect = want < (double)(1u << 24) ? (size_t)want : (size_t)1 << 24; /* grows beyond */
        lat = malloc(expect * sizeof *lat);
        if (!lat) die("out of memory for %zu latencies", expect);
        lat_cap = expect;
    }
    t0 = now_ns();
    warm_end = t0 + (uint64_t)(warmup_s * 1e9);
    end_ns = warm_end + (uint64_t)(duration_s * 1e9);
    const uint64_t deadline = end_ns + DRAIN_NS;
    for (long i = 0; i < nconn; i++) next_request(&conns[i], t0);

    uint64_t armed = 0;
    uint64_t unfinished = 0;
    for (;;) {
        uint64_t now = now_ns();
        uint64_t wake = now < end_ns ? end_ns : deadline;
        if (rate > 0) {
            /* free connections whose slot has come send now; the earliest future slot sets the timer */
            for (long i = 0; i < nconn; i++) {
                conn *c = &conns[i];
                if (c->busy) continue;
                next_request(c, now);
                if (!c->busy) {
                    uint64_t s = slot_time(c, c->slot);
                    if (s < end_ns && s < wake) wake = s;
                }
            }
        }
        if (now >= end_ns && inflight == 0) break;
        if (now >= deadline) {
            unfinished = (uint64_t)inflight;
            if (rate > 0)
                for (long i = 0; i < nconn; i++)
                    for (uint64_t k = conns[i].slot; slot_time(&conns[i], k) < end_ns; k++) unfinished++;
            break;
        }
        /* An earlier timer only causes an extra pass through this loop, so re-arm only for an earlier wake. */
        if (armed == 0 || wake < armed) {
            struct itimerspec its;
            memset(&its, 0, sizeof its);
            its.it_value.tv_sec = (time_t)(wake / NS);
            its.it_value.tv_nsec = (long)(wake % NS);
            if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0) die("timerfd_settime: %s", strerror(errno));
            armed = wake;
        }
        int n = epoll_wait(epfd, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; i++) {
            if (!evs[i].data.ptr) {
                uint64_t x;
                if (read(tfd, &x, sizeof x) < 0 && errno != EAGAIN) die("timerfd read: %s", strerror(errno));
                armed = 0;
                continue;
            }
            on_event(evs[i].data.ptr, evs[i].events);
        }
    }

    qsort(lat, lat_len, sizeof *lat, cmp_u64);
    /* The window's requests may finish after it ends (an open loop ahead of the server queues them),
     * so throughput runs to the last one's completion: served, not offered, requests per second. */
    double seconds = duration_s;
    if (last_done > end_ns) seconds = (double)(last_done - warm_end) / 1e9;
    double rps = (double)n_requests / seconds;
    double p50 = pct_ms(500), p90 = pct_ms(900), p99 = pct_ms(990), p999 = pct_ms(999);
    double mx = lat_len ? (double)lat[lat_len - 1] / 1e6 : 0;
    if (json_out) {
        printf("{\"requests\":%llu,\"seconds\":%.3f,\"requestsPerSecond\":%.1f,\"httpErrors\":%llu,\"rpcErrors\":%llu,"
               "\"bytesReceived\":%llu,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,"
               "\"connections\":%ld,\"rate\":%.15g,\"warmupRequests\":%llu,\"reconnects\":%llu,\"unfinished\":%llu}\n",
               (unsigned long long)n_requests, seconds, rps, (unsigned long long)http_errors,
               (unsigned long long)rpc_errors, (unsigned long long)bytes_received, p50, p90, p99, p999, mx, nconn, rate,
               (unsigned long long)n_warmup, (unsigned long long)reconnects, (unsigned long long)unfinished);
    } else {
        printf("rpcload %s %s%s, %ld connections, %s", method, addr_text, path, nconn, rate > 0 ? "open loop at " : "closed loop\n");
        if (rate > 0) printf("%.15g requests/s (latency from the scheduled send time)\n", rate);
        printf("  requests        %llu in %.3f s (after %llu warmup requests)\n", (unsigned long long)n_requests,
               seconds, (unsigned long long)n_warmup);
        printf("  requests/s      %.1f\n", rps);
        printf("  HTTP errors     %llu\n", (unsigned long long)http_errors);
        printf("  JSON-RPC errors %llu\n", (unsigned long long)rpc_errors);
        printf("  bytes received  %llu\n", (unsigned long long)bytes_received);
        printf("  reconnects      %llu\n", (unsigned long long)reconnects);
        printf("  latency ms      p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n", p50, p90, p99, p999, mx);
    }
    if (unfinished) {
        fprintf(stderr,
                "rpcload: %llu requests of the window were unfinished %.0f s after it ended "
                "(the server did not keep up); the figures leave them out\n",
                (unsigned long long)unfinished, (double)DRAIN_NS / 1e9);
        return 1;
    }
    return 0;
}
