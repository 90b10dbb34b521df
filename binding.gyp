{
  "targets": [
    {
      "target_name": "tsupervisor_native",
      "sources": ["native/spawn.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
