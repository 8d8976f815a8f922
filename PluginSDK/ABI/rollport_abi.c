/* Compile-time checks of the ABI's layout on this platform. The header is the contract; these
 * assertions catch an accidental change to a version-1.0 struct before any adapter sees it. */
#include "rollport.h"

_Static_assert(sizeof(rollport_bytes) == 2 * sizeof(void *), "rollport_bytes is {ptr, len}");
_Static_assert(sizeof(rollport_hash32) == 32, "rollport_hash32 is 32 bytes");
_Static_assert(sizeof(rollport_address) == 20, "rollport_address is 20 bytes");
_Static_assert(sizeof(rollport_u256) == 32, "rollport_u256 is 32 bytes");
_Static_assert(offsetof(rollport_plugin_entry, magic) == 0, "magic comes first");
_Static_assert(offsetof(rollport_plugin_entry, struct_size) == 4, "struct_size follows magic");
_Static_assert(offsetof(rollport_plugin_entry, abi_major) == 8, "abi_major at offset 8");
_Static_assert(offsetof(rollport_plugin_entry, abi_minor) == 10, "abi_minor at offset 10");
_Static_assert(offsetof(rollport_host, struct_size) == 0, "struct_size comes first");
_Static_assert(offsetof(rollport_item, struct_size) == 0, "struct_size comes first");
_Static_assert(offsetof(rollport_output, struct_size) == 0, "struct_size comes first");

/* The ABI version this build of the SDK implements, for diagnostics. */
__attribute__((visibility("hidden"))) const uint32_t rollport_sdk_abi_version =
    (ROLLPORT_ABI_MAJOR << 16) | ROLLPORT_ABI_MINOR;
