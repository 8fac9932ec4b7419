/* libbpf's static linker (bpf_linker__*): the guest's files are read
 * through its filesystem and linked by the host (wasi:bpf/linker) with
 * libbpf's own linker, so the output file holds the very bytes a native
 * bpf_linker writes.
 *
 * libbpf checks each file as bpf_linker__add_file adds it: a file it
 * refuses, or whose symbols clash with those added before, fails there.
 * The host links the files added so far at each bpf_linker__add_file to
 * give the same answer at the same call; bpf_linker__finalize writes the
 * last of those links. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf_dump_internal.h"
#include "btf_internal.h"
#include "internal.h"

struct bpf_linker {
	/* The output file, open from bpf_linker__new to _finalize (-1 after:
	 * libbpf refuses to add to or finalize a finalized linker). */
	int fd;
	/* The files added, as read. */
	sdk_list_u8_t *objects;
	size_t nr_objects;
	/* The host's link of `objects` (empty before the first file). */
	sdk_list_u8_t linked;
};

struct bpf_linker *bpf_linker__new(const char *filename, struct bpf_linker_opts *opts)
{
	if (!sdk_opts_valid(opts, sizeof(size_t), "bpf_linker_opts") || !filename) {
		errno = EINVAL;
		return NULL;
	}
	struct bpf_linker *linker = calloc(1, sizeof(*linker));
	if (!linker) {
		errno = ENOMEM;
		return NULL;
	}
	/* As libbpf: the output file is made (or emptied) now. */
	linker->fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (linker->fd < 0) {
		int err = errno;
		sdk_warn("libbpf: failed to create '%s': %d\n", filename, -err);
		free(linker);
		errno = err;
		return NULL;
	}
	return linker;
}

/* Links `linker`'s files in the host; on success the result replaces
 * the previous one. */
static int link_all(struct bpf_linker *linker)
{
	sdk_list_list_u8_t objects = { .ptr = linker->objects, .len = linker->nr_objects };
	sdk_list_u8_t linked;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_linker_link_objects(&objects, &linked, &err))
		return sdk_fail_warn(&err, "failed to link BPF objects");
	sdk_list_u8_free(&linker->linked);
	linker->linked = linked;
	return 0;
}

int bpf_linker__add_file(struct bpf_linker *linker, const char *filename, const struct bpf_linker_file_opts *opts)
{
	if (!sdk_opts_valid(opts, sizeof(size_t), "bpf_linker_file_opts") || !linker || linker->fd < 0 || !filename)
		return sdk_fail_with(EINVAL, "bpf_linker__add_file: invalid argument");
	unsigned char *data;
	size_t len;
	int err = sdk_read_file(filename, &data, &len);
	if (err) {
		sdk_warn("libbpf: failed to open file '%s': %s\n", filename, strerror(-err));
		return sdk_fail_with(-err, "failed to open file '%s': %s", filename, strerror(-err));
	}
	sdk_list_u8_t *grown = realloc(linker->objects, (linker->nr_objects + 1) * sizeof(*grown));
	if (!grown) {
		free(data);
		return sdk_fail_with(ENOMEM, "out of memory");
	}
	linker->objects = grown;
	linker->objects[linker->nr_objects++] = (sdk_list_u8_t){ .ptr = data, .len = len };
	err = link_all(linker);
	if (err) {
		/* Not added: the files before it still link. */
		linker->nr_objects--;
		free(data);
		errno = -err;
	}
	return err;
}

int bpf_linker__finalize(struct bpf_linker *linker)
{
	if (!linker || linker->fd < 0)
		return sdk_fail_with(EINVAL, "bpf_linker__finalize: invalid argument");
	/* No file added: libbpf's linker still writes an (empty) ELF file. */
	int err = linker->nr_objects ? 0 : link_all(linker);
	for (size_t done = 0; !err && done < linker->linked.len;) {
		ssize_t n = write(linker->fd, linker->linked.ptr + done, linker->linked.len - done);
		if (n < 0)
			err = sdk_fail_with(errno, "failed to write the linked object: %s", strerror(errno));
		else
			done += (size_t)n;
	}
	if (err)
		return err;
	close(linker->fd);
	linker->fd = -1;
	return 0;
}

void bpf_linker__free(struct bpf_linker *linker)
{
	if (!linker)
		return;
	if (linker->fd >= 0)
		close(linker->fd);
	for (size_t i = 0; i < linker->nr_objects; i++)
		free(linker->objects[i].ptr);
	free(linker->objects);
	sdk_list_u8_free(&linker->linked);
	free(linker);
}
