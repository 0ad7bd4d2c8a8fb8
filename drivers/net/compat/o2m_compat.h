/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernels we support differ. Drivers include this
 * header and use the names below; no #if on LINUX_VERSION_CODE elsewhere.
 *
 * Supported: Debian bookworm's 6.1 and bookworm-backports' 6.12.
 */
#ifndef _O2M_COMPAT_H
#define _O2M_COMPAT_H

#include <linux/version.h>

#endif /* _O2M_COMPAT_H */
