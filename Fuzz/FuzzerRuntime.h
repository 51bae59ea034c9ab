// libFuzzer's entry point for programs with their own main (libclang_rt.fuzzer_no_main).
// Imported by Fuzz/main.swift through -import-objc-header (plain C; no Objective-C involved).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
