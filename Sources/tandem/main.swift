import TandemCLI

await TandemCommand.runFromCommandLine()
