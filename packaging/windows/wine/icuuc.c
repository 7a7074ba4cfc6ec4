/* TEST-ONLY stand-in for `make windows-check` under Wine 10: never shipped in the bundle.
 *
 * PySide6 >= 6.10's Qt6Core.dll imports icuuc.dll, which Windows has shipped since 10 1703 (the
 * minimum Ranoat supports is 10 1809) but Wine does not. Qt uses these ucnv_* functions only for
 * QStringConverter's legacy (non-Unicode) encodings; this stand-in has none: opening a converter
 * fails with U_FILE_ACCESS_ERROR and no converter is listed. UTF-8/16 never reach ICU. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *status) {
    if (status != NULL && *status <= 0) *status = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(void *converter) { (void)converter; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getName(const void *c, UErrorCode *status) { (void)c; fail(status); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    (void)name; (void)standard; fail(status); return NULL;
}
EXPORT int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 4; }
EXPORT void ucnv_reset(void *c) { (void)c; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT int32_t ucnv_toUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o,
                             int8_t flush, UErrorCode *status) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(status);
}
EXPORT void ucnv_toUnicode(void *c, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o,
                           int8_t flush, UErrorCode *status) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(status);
}
EXPORT void ucnv_getFromUCallBack(const void *c, void **action, const void **context) {
    (void)c; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getToUCallBack(const void *c, void **action, const void **context) {
    (void)c; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setFromUCallBack(void *c, void *action, const void *context, void **oldAction,
                                  const void **oldContext, UErrorCode *status) {
    (void)c; (void)action; (void)context; if (oldAction) *oldAction = NULL; if (oldContext) *oldContext = NULL;
    fail(status);
}
EXPORT void ucnv_setToUCallBack(void *c, void *action, const void *context, void **oldAction, const void **oldContext,
                                UErrorCode *status) {
    (void)c; (void)action; (void)context; if (oldAction) *oldAction = NULL; if (oldContext) *oldContext = NULL;
    fail(status);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *sl, int32_t offset,
                                    UErrorCode *status) {
    (void)args; (void)s; (void)sl; (void)offset; fail(status);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t length, int32_t offset, UErrorCode *status) {
    (void)args; (void)s; (void)length; (void)offset; fail(status);
}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const uint16_t *u, int32_t length,
                                            int32_t cp, int reason, UErrorCode *status) {
    (void)context; (void)args; (void)u; (void)length; (void)cp; (void)reason; fail(status);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *bytes, int32_t length,
                                          int reason, UErrorCode *status) {
    (void)context; (void)args; (void)bytes; (void)length; (void)reason; fail(status);
}
