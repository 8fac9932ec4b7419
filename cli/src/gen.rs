//! `wasm-bpf gen`: the generator of wasi-bpf-gen, from the command line.

use anyhow::Context as _;

use crate::cli::{GenArgs, GenSkeletonArgs, GenWitArgs, SkeletonLang};

/// `--name`, else the object's file name up to the first dot.
fn module_name(args: &GenArgs) -> anyhow::Result<String> {
    Ok(match &args.name {
        Some(name) => name.clone(),
        None => args
            .object
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .context("cannot derive a module name from the object's file name: pass --name")?
            .replace('-', "_"),
    })
}

pub fn skeleton(skeleton_args: &GenSkeletonArgs) -> anyhow::Result<()> {
    let args = &skeleton_args.common;
    let name = module_name(args)?;
    let object = args.object.canonicalize().with_context(|| format!("{}", args.object.display()))?;
    let types: Vec<&str> = args.types.iter().map(String::as_str).collect();
    let code = match skeleton_args.lang {
        SkeletonLang::Rust => wasi_bpf_gen::rust_skeleton(&name, &object, &types)?,
        SkeletonLang::C => {
            // As bpftool's, the C skeleton declares none of the object's
            // types (they would collide with the program's own header).
            anyhow::ensure!(
                types.is_empty(),
                "the C skeleton declares no types (as bpftool's): `wasm-bpf gen types --name {name} --type {}` writes \
                 their mirrors and WIT conversions to {name}.types.h",
                types.join(" --type ")
            );
            wasi_bpf_gen::c_skeleton(&name, &object)?
        }
    };
    write(args, &code)
}

pub fn c_types(args: &GenArgs) -> anyhow::Result<()> {
    let name = module_name(args)?;
    let object = args.object.canonicalize().with_context(|| format!("{}", args.object.display()))?;
    let types: Vec<&str> = args.types.iter().map(String::as_str).collect();
    write(args, &wasi_bpf_gen::c_types(&name, &object, &types)?)
}

pub fn wit(args: &GenWitArgs) -> anyhow::Result<()> {
    let object = args.common.object.canonicalize().with_context(|| format!("{}", args.common.object.display()))?;
    let types: Vec<&str> = args.common.types.iter().map(String::as_str).collect();
    anyhow::ensure!(!types.is_empty(), "name the types to describe with --type");
    write(&args.common, &wasi_bpf_gen::wit_types(&object, &args.package, &args.interface, &types)?)
}

fn write(args: &GenArgs, code: &str) -> anyhow::Result<()> {
    match &args.output {
        Some(path) => std::fs::write(path, code).with_context(|| format!("writing {}", path.display())),
        None => {
            print!("{code}");
            Ok(())
        }
    }
}
