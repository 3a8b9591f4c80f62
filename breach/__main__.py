from breach.cli.app import main

main()
