from ims_cli.cli.app import main

main()
