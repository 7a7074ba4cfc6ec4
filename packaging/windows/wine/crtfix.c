/* TEST-ONLY stand-in for `make windows-check` under Wine 10: never shipped in the bundle.
 *
 * Wine 10's ucrtbase exports crealf, cimagf, creall and cimagl as "unimplemented" stubs, and numpy 2.4
 * calls crealf while it imports (the process aborts). Windows's ucrtbase has them. Loaded into the
 * Python process (by the check's sitecustomize.py), this DLL overwrites each stub's first bytes with
 * the real function, in the Microsoft x64 calling convention:
 *   float crealf(_Fcomplex z): z (8 bytes) arrives in RCX, the float goes back in XMM0;
 *   double creall(_Lcomplex z): a 16-byte struct arrives by pointer in RCX (long double is double).
 * Wine's stubs are at least 20 bytes long; each replacement is at most 9. */
#include <windows.h>
#include <string.h>

static const unsigned char CREALF[] = {0x66, 0x0F, 0x6E, 0xC1, 0xC3};                         /* movd xmm0,ecx; ret */
static const unsigned char CIMAGF[] = {0x48, 0xC1, 0xE9, 0x20, 0x66, 0x0F, 0x6E, 0xC1, 0xC3}; /* shr rcx,32; movd; ret */
static const unsigned char CREALL[] = {0xF2, 0x0F, 0x10, 0x01, 0xC3};                         /* movsd xmm0,[rcx]; ret */
static const unsigned char CIMAGL[] = {0xF2, 0x0F, 0x10, 0x41, 0x08, 0xC3};                   /* movsd xmm0,[rcx+8]; ret */

static void patch(HMODULE ucrt, const char *name, const unsigned char *code, size_t size) {
    unsigned char *target = (unsigned char *)GetProcAddress(ucrt, name);
    DWORD old;
    if (target == NULL || !VirtualProtect(target, size, PAGE_EXECUTE_READWRITE, &old)) return;
    memcpy(target, code, size);
    VirtualProtect(target, size, old, &old);
    FlushInstructionCache(GetCurrentProcess(), target, size);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        HMODULE ucrt = LoadLibraryA("ucrtbase.dll");
        if (ucrt != NULL) {
            patch(ucrt, "crealf", CREALF, sizeof CREALF);
            patch(ucrt, "cimagf", CIMAGF, sizeof CIMAGF);
            patch(ucrt, "creall", CREALL, sizeof CREALL);
            patch(ucrt, "cimagl", CIMAGL, sizeof CIMAGL);
        }
    }
    return TRUE;
}
