/* allowlist/export-oci: the model as the OCI runtime-spec LinuxSeccomp
 * object (config.json's linux.seccomp), as Docker, Podman and crun read it:
 * defaultAction, defaultErrnoRet, architectures, syscalls[].names/action/args.
 * Built with json-c; keys are added in a fixed order so the output is
 * byte-identical for the same model. */
#include <jtrace/allowlist.h>
#include <jtrace/util.h>

#include <errno.h>

static const char *const oci_default_actions[] = {
	[ALLOWLIST_DEFAULT_ERRNO] = "SCMP_ACT_ERRNO",
	[ALLOWLIST_DEFAULT_KILL] = "SCMP_ACT_KILL_PROCESS",
	[ALLOWLIST_DEFAULT_LOG] = "SCMP_ACT_LOG",
};

static json_object *oci_arg(const struct allowlist_cond *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "index", json_object_new_int(c->index));
	if (c->op == ALLOWLIST_MASKED_EQ) {
		/* libseccomp/runc: value is the mask, valueTwo the datum. */
		json_object_object_add(o, "value", json_object_new_uint64(c->mask));
		json_object_object_add(o, "valueTwo", json_object_new_uint64(c->value));
		json_object_object_add(o, "op", json_object_new_string("SCMP_CMP_MASKED_EQ"));
	} else {
		json_object_object_add(o, "value", json_object_new_uint64(c->value));
		json_object_object_add(o, "op", json_object_new_string("SCMP_CMP_EQ"));
	}
	return o;
}

json_object *allowlist_to_oci(const struct allowlist *a)
{
	json_object *root = json_object_new_object();
	json_object *arches = json_object_new_array();
	json_object *syscalls = json_object_new_array();
	json_object *names = json_object_new_array();

	json_object_object_add(root, "defaultAction",
			       json_object_new_string(oci_default_actions[a->def]));
	if (a->def == ALLOWLIST_DEFAULT_ERRNO)
		json_object_object_add(root, "defaultErrnoRet", json_object_new_int(EPERM));
	for (size_t i = 0; i < allowlist_arches_len; i++)
		if (a->arches & (1u << i))
			json_object_array_add(arches,
					      json_object_new_string(allowlist_arches[i].oci));
	json_object_object_add(root, "architectures", arches);

	for (size_t i = 0; i < a->n_calls; i++)
		if (a->calls[i].any)
			json_object_array_add(names, json_object_new_string(a->calls[i].name));
	if (json_object_array_length(names)) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "names", names);
		json_object_object_add(e, "action", json_object_new_string("SCMP_ACT_ALLOW"));
		json_object_array_add(syscalls, e);
	} else {
		json_object_put(names);
	}
	/* One entry per argument tuple: the conditions of an entry are ANDed,
	 * the entries for one name ORed. */
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct allowlist_call *c = &a->calls[i];

		for (size_t k = 0; !c->any && k < c->n_tuples; k++) {
			json_object *e = json_object_new_object();
			json_object *n = json_object_new_array();
			json_object *args = json_object_new_array();

			json_object_array_add(n, json_object_new_string(c->name));
			for (unsigned j = 0; j < c->tuples[k].n; j++)
				json_object_array_add(args, oci_arg(&c->tuples[k].c[j]));
			json_object_object_add(e, "names", n);
			json_object_object_add(e, "action",
					       json_object_new_string("SCMP_ACT_ALLOW"));
			json_object_object_add(e, "args", args);
			json_object_array_add(syscalls, e);
		}
	}
	json_object_object_add(root, "syscalls", syscalls);
	return root;
}
