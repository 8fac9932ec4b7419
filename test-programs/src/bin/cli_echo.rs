//! Prints what `wasm-bpf run` gave it: its arguments, variable WBT_VALUE,
//! and the contents of /data/hello.txt (a preopened directory).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {}", args.join(" "));
    println!("env: {}", std::env::var("WBT_VALUE").unwrap_or_else(|_| "<unset>".into()));
    match std::fs::read_to_string("/data/hello.txt") {
        Ok(text) => println!("file: {}", text.trim()),
        Err(e) => println!("file: <{e}>"),
    }
}
