from breach.cli import main

main()
