from breach.cli.main import main

main()
