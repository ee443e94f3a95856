from desa_layak.cli import main

raise SystemExit(main())
