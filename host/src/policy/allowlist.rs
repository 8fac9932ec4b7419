//! What calling each BPF helper and kfunc takes: an allowlist. A helper
//! or kfunc this table does not name needs capability `other`, so a
//! kernel that grows a new one cannot widen what a guest may do.
//!
//! The verifier already decides which program types may call what; this
//! table decides what a *guest* may ask for on top of its program types.

use libbpf_rs::libbpf_sys as sys;

use super::Capability;

/// What a call needs beyond its program's own capability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallNeed {
    /// Nothing more: it reads what the program's type already shows it,
    /// uses the program's maps and buffers, or computes.
    Nothing,
    /// This capability.
    Capability(Capability),
    /// It changes packets, sockets or what a task may do: only programs
    /// whose type needed a capability of their own (xdp, tc, cgroup,
    /// sockops, socket-filter, lsm, other) may call it. A tracing program
    /// calling it needs capability `other`.
    NetworkProgram,
}

use CallNeed::{Capability as Needs, NetworkProgram, Nothing};

impl CallNeed {
    /// The capability a call needs, if any, in a program whose type
    /// needed `program_capability`; `need` is `None` for a helper or
    /// kfunc this host does not know, which needs `other`.
    pub fn capability(need: Option<CallNeed>, program_capability: Capability) -> Option<Capability> {
        match need {
            Some(Nothing) => None,
            Some(Needs(capability)) => Some(capability),
            Some(NetworkProgram) if program_capability != Capability::Tracing => None,
            Some(NetworkProgram) | None => Some(Capability::Other),
        }
    }
}

/// What calling helper `id` (`BPF_FUNC_*`) needs, or `None` for a helper
/// this host does not know.
pub fn helper_need(id: u32) -> Option<CallNeed> {
    use Capability::*;
    Some(match id {
        sys::BPF_FUNC_probe_write_user => Needs(WriteUser),
        sys::BPF_FUNC_override_return => Needs(OverrideReturn),
        sys::BPF_FUNC_send_signal | sys::BPF_FUNC_send_signal_thread => Needs(SendSignal),
        // bpf() from inside the kernel: new programs, links and maps, and
        // other processes' maps by id; kernel symbol addresses.
        sys::BPF_FUNC_sys_bpf
        | sys::BPF_FUNC_sys_close
        | sys::BPF_FUNC_btf_find_by_name_kind
        | sys::BPF_FUNC_kallsyms_lookup_name => Needs(BpfSyscall),
        // Kernel memory, and values that are kernel addresses.
        sys::BPF_FUNC_probe_read
        | sys::BPF_FUNC_probe_read_str
        | sys::BPF_FUNC_probe_read_kernel
        | sys::BPF_FUNC_probe_read_kernel_str
        | sys::BPF_FUNC_get_current_task
        | sys::BPF_FUNC_get_current_task_btf
        | sys::BPF_FUNC_task_pt_regs
        | sys::BPF_FUNC_get_stackid
        | sys::BPF_FUNC_get_stack
        | sys::BPF_FUNC_get_task_stack
        | sys::BPF_FUNC_get_func_ip
        | sys::BPF_FUNC_per_cpu_ptr
        | sys::BPF_FUNC_this_cpu_ptr
        | sys::BPF_FUNC_snprintf_btf
        | sys::BPF_FUNC_seq_printf_btf
        | sys::BPF_FUNC_read_branch_records
        | sys::BPF_FUNC_get_branch_snapshot => Needs(KernelRead),
        // Maps, buffers, time, ids, user memory, strings, control flow.
        sys::BPF_FUNC_map_lookup_elem
        | sys::BPF_FUNC_map_update_elem
        | sys::BPF_FUNC_map_delete_elem
        | sys::BPF_FUNC_map_push_elem
        | sys::BPF_FUNC_map_pop_elem
        | sys::BPF_FUNC_map_peek_elem
        | sys::BPF_FUNC_map_lookup_percpu_elem
        | sys::BPF_FUNC_for_each_map_elem
        | sys::BPF_FUNC_tail_call
        | sys::BPF_FUNC_loop
        | sys::BPF_FUNC_spin_lock
        | sys::BPF_FUNC_spin_unlock
        | sys::BPF_FUNC_kptr_xchg
        | sys::BPF_FUNC_timer_init
        | sys::BPF_FUNC_timer_set_callback
        | sys::BPF_FUNC_timer_start
        | sys::BPF_FUNC_timer_cancel
        | sys::BPF_FUNC_ringbuf_output
        | sys::BPF_FUNC_ringbuf_reserve
        | sys::BPF_FUNC_ringbuf_submit
        | sys::BPF_FUNC_ringbuf_discard
        | sys::BPF_FUNC_ringbuf_query
        | sys::BPF_FUNC_ringbuf_reserve_dynptr
        | sys::BPF_FUNC_ringbuf_submit_dynptr
        | sys::BPF_FUNC_ringbuf_discard_dynptr
        | sys::BPF_FUNC_user_ringbuf_drain
        | sys::BPF_FUNC_dynptr_from_mem
        | sys::BPF_FUNC_dynptr_read
        | sys::BPF_FUNC_dynptr_write
        | sys::BPF_FUNC_dynptr_data
        | sys::BPF_FUNC_perf_event_output
        | sys::BPF_FUNC_perf_event_read
        | sys::BPF_FUNC_perf_event_read_value
        | sys::BPF_FUNC_perf_prog_read_value
        | sys::BPF_FUNC_skb_output
        | sys::BPF_FUNC_xdp_output
        | sys::BPF_FUNC_trace_printk
        | sys::BPF_FUNC_trace_vprintk
        | sys::BPF_FUNC_snprintf
        | sys::BPF_FUNC_seq_printf
        | sys::BPF_FUNC_seq_write
        | sys::BPF_FUNC_strncmp
        | sys::BPF_FUNC_strtol
        | sys::BPF_FUNC_strtoul
        | sys::BPF_FUNC_ktime_get_ns
        | sys::BPF_FUNC_ktime_get_boot_ns
        | sys::BPF_FUNC_ktime_get_coarse_ns
        | sys::BPF_FUNC_ktime_get_tai_ns
        | sys::BPF_FUNC_jiffies64
        | sys::BPF_FUNC_get_prandom_u32
        | sys::BPF_FUNC_get_smp_processor_id
        | sys::BPF_FUNC_get_numa_node_id
        | sys::BPF_FUNC_get_current_pid_tgid
        | sys::BPF_FUNC_get_current_uid_gid
        | sys::BPF_FUNC_get_current_comm
        | sys::BPF_FUNC_get_ns_current_pid_tgid
        | sys::BPF_FUNC_get_current_cgroup_id
        | sys::BPF_FUNC_get_current_ancestor_cgroup_id
        | sys::BPF_FUNC_current_task_under_cgroup
        | sys::BPF_FUNC_get_attach_cookie
        | sys::BPF_FUNC_get_func_arg
        | sys::BPF_FUNC_get_func_ret
        | sys::BPF_FUNC_get_func_arg_cnt
        | sys::BPF_FUNC_get_local_storage
        | sys::BPF_FUNC_task_storage_get
        | sys::BPF_FUNC_task_storage_delete
        | sys::BPF_FUNC_inode_storage_get
        | sys::BPF_FUNC_inode_storage_delete
        | sys::BPF_FUNC_sk_storage_get
        | sys::BPF_FUNC_sk_storage_delete
        | sys::BPF_FUNC_cgrp_storage_get
        | sys::BPF_FUNC_cgrp_storage_delete
        | sys::BPF_FUNC_probe_read_user
        | sys::BPF_FUNC_probe_read_user_str
        | sys::BPF_FUNC_copy_from_user
        | sys::BPF_FUNC_copy_from_user_task
        | sys::BPF_FUNC_find_vma
        | sys::BPF_FUNC_d_path
        | sys::BPF_FUNC_ima_inode_hash
        | sys::BPF_FUNC_ima_file_hash
        // Reading packets and sockets, and looking them up.
        | sys::BPF_FUNC_skb_load_bytes
        | sys::BPF_FUNC_skb_load_bytes_relative
        | sys::BPF_FUNC_skb_get_tunnel_key
        | sys::BPF_FUNC_skb_get_tunnel_opt
        | sys::BPF_FUNC_skb_get_xfrm_state
        | sys::BPF_FUNC_skb_cgroup_id
        | sys::BPF_FUNC_skb_ancestor_cgroup_id
        | sys::BPF_FUNC_skb_cgroup_classid
        | sys::BPF_FUNC_skb_under_cgroup
        | sys::BPF_FUNC_get_cgroup_classid
        | sys::BPF_FUNC_get_route_realm
        | sys::BPF_FUNC_get_hash_recalc
        | sys::BPF_FUNC_get_socket_cookie
        | sys::BPF_FUNC_get_socket_uid
        | sys::BPF_FUNC_get_netns_cookie
        | sys::BPF_FUNC_get_listener_sock
        | sys::BPF_FUNC_sk_cgroup_id
        | sys::BPF_FUNC_sk_ancestor_cgroup_id
        | sys::BPF_FUNC_sk_fullsock
        | sys::BPF_FUNC_tcp_sock
        | sys::BPF_FUNC_sk_lookup_tcp
        | sys::BPF_FUNC_sk_lookup_udp
        | sys::BPF_FUNC_skc_lookup_tcp
        | sys::BPF_FUNC_sk_release
        | sys::BPF_FUNC_sock_from_file
        | sys::BPF_FUNC_skc_to_tcp6_sock
        | sys::BPF_FUNC_skc_to_tcp_sock
        | sys::BPF_FUNC_skc_to_tcp_timewait_sock
        | sys::BPF_FUNC_skc_to_tcp_request_sock
        | sys::BPF_FUNC_skc_to_udp6_sock
        | sys::BPF_FUNC_skc_to_unix_sock
        | sys::BPF_FUNC_skc_to_mptcp_sock
        | sys::BPF_FUNC_xdp_get_buff_len
        | sys::BPF_FUNC_xdp_load_bytes
        | sys::BPF_FUNC_fib_lookup
        | sys::BPF_FUNC_check_mtu
        | sys::BPF_FUNC_csum_diff
        | sys::BPF_FUNC_tcp_check_syncookie
        | sys::BPF_FUNC_tcp_gen_syncookie
        | sys::BPF_FUNC_tcp_raw_gen_syncookie_ipv4
        | sys::BPF_FUNC_tcp_raw_gen_syncookie_ipv6
        | sys::BPF_FUNC_tcp_raw_check_syncookie_ipv4
        | sys::BPF_FUNC_tcp_raw_check_syncookie_ipv6
        | sys::BPF_FUNC_sysctl_get_name
        | sys::BPF_FUNC_sysctl_get_current_value
        | sys::BPF_FUNC_sysctl_get_new_value
        | sys::BPF_FUNC_get_retval => Nothing,
        // Changing packets, routes, sockets, sysctls or exec.
        sys::BPF_FUNC_skb_store_bytes
        | sys::BPF_FUNC_l3_csum_replace
        | sys::BPF_FUNC_l4_csum_replace
        | sys::BPF_FUNC_csum_update
        | sys::BPF_FUNC_csum_level
        | sys::BPF_FUNC_clone_redirect
        | sys::BPF_FUNC_redirect
        | sys::BPF_FUNC_redirect_map
        | sys::BPF_FUNC_redirect_neigh
        | sys::BPF_FUNC_redirect_peer
        | sys::BPF_FUNC_skb_vlan_push
        | sys::BPF_FUNC_skb_vlan_pop
        | sys::BPF_FUNC_skb_set_tunnel_key
        | sys::BPF_FUNC_skb_set_tunnel_opt
        | sys::BPF_FUNC_skb_change_proto
        | sys::BPF_FUNC_skb_change_type
        | sys::BPF_FUNC_skb_change_tail
        | sys::BPF_FUNC_skb_change_head
        | sys::BPF_FUNC_skb_pull_data
        | sys::BPF_FUNC_skb_adjust_room
        | sys::BPF_FUNC_skb_ecn_set_ce
        | sys::BPF_FUNC_skb_set_tstamp
        | sys::BPF_FUNC_set_hash
        | sys::BPF_FUNC_set_hash_invalid
        | sys::BPF_FUNC_xdp_adjust_head
        | sys::BPF_FUNC_xdp_adjust_meta
        | sys::BPF_FUNC_xdp_adjust_tail
        | sys::BPF_FUNC_xdp_store_bytes
        | sys::BPF_FUNC_setsockopt
        | sys::BPF_FUNC_getsockopt
        | sys::BPF_FUNC_bind
        | sys::BPF_FUNC_sock_ops_cb_flags_set
        | sys::BPF_FUNC_sock_map_update
        | sys::BPF_FUNC_sock_hash_update
        | sys::BPF_FUNC_sk_redirect_map
        | sys::BPF_FUNC_sk_redirect_hash
        | sys::BPF_FUNC_sk_select_reuseport
        | sys::BPF_FUNC_sk_assign
        | sys::BPF_FUNC_msg_redirect_map
        | sys::BPF_FUNC_msg_redirect_hash
        | sys::BPF_FUNC_msg_apply_bytes
        | sys::BPF_FUNC_msg_cork_bytes
        | sys::BPF_FUNC_msg_pull_data
        | sys::BPF_FUNC_msg_push_data
        | sys::BPF_FUNC_msg_pop_data
        | sys::BPF_FUNC_load_hdr_opt
        | sys::BPF_FUNC_store_hdr_opt
        | sys::BPF_FUNC_reserve_hdr_opt
        | sys::BPF_FUNC_tcp_send_ack
        | sys::BPF_FUNC_lwt_push_encap
        | sys::BPF_FUNC_lwt_seg6_store_bytes
        | sys::BPF_FUNC_lwt_seg6_adjust_srh
        | sys::BPF_FUNC_lwt_seg6_action
        | sys::BPF_FUNC_rc_repeat
        | sys::BPF_FUNC_rc_keydown
        | sys::BPF_FUNC_rc_pointer_rel
        | sys::BPF_FUNC_sysctl_set_new_value
        | sys::BPF_FUNC_set_retval
        | sys::BPF_FUNC_bprm_opts_set => NetworkProgram,
        _ => return None,
    })
}

/// What calling the kfunc `name` (a kernel function exported to BPF)
/// needs, or `None` for a kfunc this host does not know.
pub fn kfunc_need(name: &str) -> Option<CallNeed> {
    use Capability::*;
    const SIGNALS: &[&str] = &["bpf_send_signal_task"];
    // Casts that turn a number into a kernel pointer the program may read
    // through.
    const KERNEL_READS: &[&str] = &[
        "bpf_rdonly_cast",
        "bpf_cast_to_kern_ctx",
        "bpf_get_kmem_cache",
        // Tasks, cgroups and files by id or by walk: kernel structs any
        // program type could then read.
        "bpf_task_from_pid",
        "bpf_task_from_vpid",
        "bpf_task_get_cgroup1",
        "bpf_cgroup_from_id",
        "bpf_cgroup_ancestor",
        "bpf_get_task_exe_file",
    ];
    const KERNEL_READING_FAMILIES: &[&str] = &["bpf_iter_task", "bpf_iter_css", "bpf_iter_kmem_cache"];
    // Families whose every member only reads, counts, locks or allocates
    // program-owned objects.
    const READING_FAMILIES: &[&str] = &[
        "bpf_iter_",
        "bpf_cpumask_",
        "bpf_dynptr_",
        "bpf_list_",
        "bpf_rbtree_",
        "bpf_res_spin_",
        "bpf_wq_",
        "bpf_arena_",
        "bpf_session_",
    ];
    const READING: &[&str] = &[
        "bpf_rcu_read_lock",
        "bpf_rcu_read_unlock",
        "bpf_preempt_disable",
        "bpf_preempt_enable",
        "bpf_local_irq_save",
        "bpf_local_irq_restore",
        "bpf_obj_new_impl",
        "bpf_obj_drop_impl",
        "bpf_percpu_obj_new_impl",
        "bpf_percpu_obj_drop_impl",
        "bpf_refcount_acquire_impl",
        "bpf_throw",
        "bpf_map_sum_elem_count",
        "bpf_task_acquire",
        "bpf_task_release",
        "bpf_task_under_cgroup",
        "bpf_cgroup_acquire",
        "bpf_cgroup_release",
        "bpf_put_file",
        "bpf_path_d_path",
        "bpf_get_file_xattr",
        "bpf_get_dentry_xattr",
        "bpf_copy_from_user_str",
        "bpf_copy_from_user_task_str",
        "bpf_strcmp",
        "bpf_strcasecmp",
        "bpf_strchr",
        "bpf_strchrnul",
        "bpf_strnchr",
        "bpf_strrchr",
        "bpf_strlen",
        "bpf_strnlen",
        "bpf_strspn",
        "bpf_strcspn",
        "bpf_strstr",
        "bpf_strnstr",
    ];
    // Packet, socket and connection-tracking kfuncs: the verifier offers
    // them to network programs only.
    const NETWORK_FAMILIES: &[&str] = &["bpf_xdp_", "bpf_skb_", "bpf_ct_", "bpf_sk_"];
    if SIGNALS.contains(&name) {
        Some(Needs(SendSignal))
    } else if KERNEL_READS.contains(&name) || KERNEL_READING_FAMILIES.iter().any(|f| name.starts_with(f)) {
        Some(Needs(KernelRead))
    } else if READING.contains(&name) || READING_FAMILIES.iter().any(|f| name.starts_with(f)) {
        Some(Nothing)
    } else if NETWORK_FAMILIES.iter().any(|f| name.starts_with(f)) {
        Some(NetworkProgram)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_calls_need_their_capability_and_unknown_ones_are_not_allowed() {
        assert_eq!(helper_need(sys::BPF_FUNC_send_signal), Some(Needs(Capability::SendSignal)));
        assert_eq!(helper_need(sys::BPF_FUNC_sys_bpf), Some(Needs(Capability::BpfSyscall)));
        assert_eq!(helper_need(sys::BPF_FUNC_get_current_task), Some(Needs(Capability::KernelRead)));
        assert_eq!(helper_need(sys::BPF_FUNC_map_lookup_elem), Some(Nothing));
        assert_eq!(helper_need(sys::BPF_FUNC_setsockopt), Some(NetworkProgram));
        assert_eq!(helper_need(100_000), None);
        assert_eq!(kfunc_need("bpf_send_signal_task"), Some(Needs(Capability::SendSignal)));
        assert_eq!(kfunc_need("bpf_rcu_read_lock"), Some(Nothing));
        assert_eq!(kfunc_need("bpf_iter_num_new"), Some(Nothing));
        assert_eq!(kfunc_need("bpf_iter_task_new"), Some(Needs(Capability::KernelRead)));
        assert_eq!(kfunc_need("bpf_task_from_pid"), Some(Needs(Capability::KernelRead)));
        assert_eq!(kfunc_need("bpf_sock_destroy"), None);
        assert_eq!(kfunc_need("bpf_set_dentry_xattr"), None);
    }

    /// Every helper of the UAPI this host was built with is on the list
    /// (the enum's last value is `__BPF_FUNC_MAX_ID`), so an unknown one
    /// is only ever newer than this host.
    #[test]
    fn every_helper_of_the_uapi_is_judged() {
        let unjudged: Vec<u32> = (1..sys::__BPF_FUNC_MAX_ID).filter(|id| helper_need(*id).is_none()).collect();
        assert!(unjudged.is_empty(), "helpers without a rule: {unjudged:?}");
    }
}
