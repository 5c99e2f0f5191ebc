fn main() -> std::process::ExitCode {
    techlead::cli::main()
}
