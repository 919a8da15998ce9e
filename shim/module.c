// SPDX-License-Identifier: GPL-2.0-only
/* module_init/module_exit and module parameters, found through their linker sections. */
#include <stdlib.h>

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/errno.h>

/* Defined by the linker for sections whose names are C identifiers. */
extern shim_initcall_t __start_shim_initcall[] __attribute__((weak));
extern shim_initcall_t __stop_shim_initcall[] __attribute__((weak));
extern shim_exitcall_t __start_shim_exitcall[] __attribute__((weak));
extern shim_exitcall_t __stop_shim_exitcall[] __attribute__((weak));
extern const struct shim_param *__start_shim_param[] __attribute__((weak));
extern const struct shim_param *__stop_shim_param[] __attribute__((weak));

int shim_module_init(void)
{
	shim_initcall_t *fn;
	int r;

	for (fn = __start_shim_initcall; fn && fn < __stop_shim_initcall; fn++) {
		r = (*fn)();
		if (r < 0)
			return r;
	}
	return 0;
}

void shim_module_exit(void)
{
	shim_exitcall_t *fn;

	for (fn = __start_shim_exitcall; fn && fn < __stop_shim_exitcall; fn++)
		(*fn)();
}

static int param_store(const struct shim_param *p, unsigned int i, const char *text)
{
	char *end;
	long v;

	if (p->type == SHIM_PARAM_BOOL && (!strcmp(text, "Y") || !strcmp(text, "y"))) {
		v = 1;
	} else if (p->type == SHIM_PARAM_BOOL && (!strcmp(text, "N") || !strcmp(text, "n"))) {
		v = 0;
	} else {
		v = strtol(text, &end, 0);
		if (end == text || *end)
			return -EINVAL;
	}
	switch (p->type) {
	case SHIM_PARAM_INT:
		((int *)p->value)[i] = (int)v;
		break;
	case SHIM_PARAM_UINT:
		((unsigned int *)p->value)[i] = (unsigned int)v;
		break;
	case SHIM_PARAM_USHORT:
		((unsigned short *)p->value)[i] = (unsigned short)v;
		break;
	case SHIM_PARAM_BOOL:
		((bool *)p->value)[i] = v != 0;
		break;
	}
	return 0;
}

int shim_param_set(const char *assignment)
{
	const struct shim_param **pp;
	const char *eq = strchr(assignment, '=');
	size_t name_len;

	if (!eq)
		return -EINVAL;
	name_len = (size_t)(eq - assignment);
	for (pp = __start_shim_param; pp && pp < __stop_shim_param; pp++) {
		const struct shim_param *p = *pp;
		char *values, *save = NULL, *tok;
		unsigned int n = 0;
		int r = 0;

		if (strlen(p->name) != name_len || strncmp(p->name, assignment, name_len))
			continue;
		values = strdup(eq + 1);
		if (!values)
			return -ENOMEM;
		for (tok = strtok_r(values, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (n >= p->max || (!p->num && n >= 1)) {
				r = -EINVAL;
				break;
			}
			r = param_store(p, n++, tok);
			if (r < 0)
				break;
		}
		free(values);
		if (r == 0 && p->num)
			*p->num = n;
		return r;
	}
	return -ENOENT;
}
