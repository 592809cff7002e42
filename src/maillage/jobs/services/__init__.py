"""Services of the jobs app: typed ``<entity>_<action>(*, ...)`` functions, atomic and logged."""
