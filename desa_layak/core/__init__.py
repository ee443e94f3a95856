"""The Qt-free core: domain rules and services used by the command line, the GUI and tests."""
