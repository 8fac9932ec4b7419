/* The calls of a `bpftool gen skeleton` header, over the SDK's object
 * API: the skeleton's ELF bytes are opened from memory, its maps and
 * programs found by name, its data sections pointed at the SDK's copies
 * of their initial values (the guest maps no kernel memory), and the
 * programs libbpf attaches by itself attached. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Entry i of an array of entries of `entry_size` bytes (the skeleton's
 * map_skel_sz / prog_skel_sz: newer bpftools may append fields). */
static void *entry(void *array, int entry_size, int i)
{
	return (char *)array + (size_t)entry_size * (size_t)i;
}

int bpf_object__open_skeleton(struct bpf_object_skeleton *s, const struct bpf_object_open_opts *opts)
{
	if (!s || !s->data || !s->obj)
		return sdk_fail_with(EINVAL, "bpf_object__open_skeleton needs a skeleton with its object's bytes");
	LIBBPF_OPTS(bpf_object_open_opts, named, .object_name = s->name);
	if (opts) {
		/* The caller's options (as far as their `sz` goes: an older
		 * struct is shorter), with the skeleton's name unless they
		 * give one. */
		memcpy(&named, opts, opts->sz < sizeof(named) ? opts->sz : sizeof(named));
		named.sz = sizeof(named);
		if (!named.object_name)
			named.object_name = s->name;
	}
	struct bpf_object *obj = bpf_object__open_mem(s->data, s->data_sz, &named);
	if (!obj)
		return -errno;
	*s->obj = obj;
	for (int i = 0; i < s->map_cnt; i++) {
		struct bpf_map_skeleton *m = entry(s->maps, s->map_skel_sz, i);
		if (!(*m->map = bpf_object__find_map_by_name(obj, m->name)))
			return sdk_fail_with(ESRCH, "skeleton '%s': no map '%s'", s->name, m->name);
		/* Only data sections have mmaped set; their copy lives until
		 * the object is closed. */
		if (m->mmaped)
			*m->mmaped = (void *)bpf_map__initial_value(*m->map, NULL);
	}
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = entry(s->progs, s->prog_skel_sz, i);
		if (!(*p->prog = bpf_object__find_program_by_name(obj, p->name)))
			return sdk_fail_with(ESRCH, "skeleton '%s': no program '%s'", s->name, p->name);
	}
	return 0;
}

int bpf_object__load_skeleton(struct bpf_object_skeleton *s)
{
	if (!s || !s->obj || !*s->obj)
		return sdk_fail_with(EINVAL, "bpf_object__load_skeleton needs an opened skeleton");
	return bpf_object__load(*s->obj);
}

/* As libbpf: loaded programs it can attach by their section alone, unless
 * the guest said not to. */
bool libbpf_wasm_program_autoattaches(const struct bpf_program *prog)
{
	return prog && prog->autoload && prog->autoattach && sdk_section_autoattach(prog->section);
}

int bpf_object__attach_skeleton(struct bpf_object_skeleton *s)
{
	if (!s)
		return sdk_fail_with(EINVAL, "no skeleton");
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = entry(s->progs, s->prog_skel_sz, i);
		struct bpf_program *prog = *p->prog;
		if (*p->link || !libbpf_wasm_program_autoattaches(prog))
			continue;
		if (!(*p->link = bpf_program__attach(prog)))
			return -errno;
	}
	return 0;
}

void bpf_object__detach_skeleton(struct bpf_object_skeleton *s)
{
	for (int i = 0; s && i < s->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = entry(s->progs, s->prog_skel_sz, i);
		bpf_link__destroy(*p->link);
		*p->link = NULL;
	}
}

void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s)
{
	if (!s)
		return;
	bpf_object__detach_skeleton(s);
	if (s->obj)
		bpf_object__close(*s->obj);
	free(s->maps);
	free(s->progs);
	free(s);
}
