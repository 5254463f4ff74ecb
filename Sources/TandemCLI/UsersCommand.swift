import ArgumentParser
import Foundation
import TandemApp
import TandemPartners

extension Role: ExpressibleByArgument {}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage who can sign in.",
        subcommands: [Create.self, List.self, SetPassword.self, Token.self]
    )

    /// Reads a password from standard input (one line) or asks for it on the terminal.
    static func readPassword(fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("No password on standard input.") }
            return line
        }
        guard isatty(STDIN_FILENO) == 1, let raw = getpass("Password: ") else {
            throw ValidationError("No terminal to ask for a password: pipe it in with --password-stdin.")
        }
        return String(cString: raw)
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (the first admin, for instance).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Sign-in email.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "admin, manager, viewer or partner.") var role: Role = .admin
        @Option(help: "For partner users: the partner's name.") var partner: String?
        @Flag(help: "Read the password from standard input instead of prompting.") var passwordStdin = false

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let password = try UsersCommand.readPassword(fromStandardInput: passwordStdin)
            do {
                try await TandemRuntime.withApp(config) { app in
                    try await UserOperations.create(app, email: email, name: name, role: role, partnerName: partner, password: password)
                }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
            print("Created \(role.rawValue) \(email.lowercased()).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let rows = try await TandemRuntime.withApp(config) { app in try await UserOperations.list(app) }
            func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
            print(pad("EMAIL", 34), pad("NAME", 22), pad("ROLE", 8), pad("PARTNER", 28), pad("ACTIVE", 7), "LAST SIGN-IN")
            for row in rows {
                print(pad(row.email, 34), pad(row.name, 22), pad(row.role, 8), pad(row.partner, 28), pad(row.active ? "yes" : "no", 7), row.lastLogin)
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Reset a user's password (and reactivate them).")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user's email.") var email: String
        @Flag(help: "Read the password from standard input instead of prompting.") var passwordStdin = false

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let password = try UsersCommand.readPassword(fromStandardInput: passwordStdin)
            do {
                try await TandemRuntime.withApp(config) { app in try await UserOperations.setPassword(app, email: email, password: password) }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
            print("Password changed for \(email.lowercased()).")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a personal API token for a user and print its secret (shown once; revoke it on the user's tokens page).")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The user's email.") var email: String
        @Option(help: "What the token is for (shown on the tokens page).") var name: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            do {
                let secret = try await TandemRuntime.withApp(config) { app in try await UserOperations.createToken(app, email: email, name: name) }
                print(secret)
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
        }
    }
}
