/*
 * tsupervisor's native process spawner (optional; lib/process/native-spawn.ts falls back to child_process).
 *
 * Why: Node's child_process.spawn forks, and fork copies the page tables of the whole daemon, so every start
 * costs time in proportion to the daemon's resident memory (about 45 us per MiB here, 2-4 ms per program).
 * This spawner uses clone(CLONE_VM | CLONE_VFORK) -- what posix_spawn does -- so a start costs the same
 * whatever the daemon's size. It also gives children real pipes (supervisord's os.pipe(), where libuv gives
 * socketpairs), one pipe shared by stdout and stderr for redirect_stderr, and the supplementary groups of
 * the user a program runs as (supervisord's setgroups before setuid).
 *
 * The child runs on the parent's memory until it execs, so it only makes system calls, never allocates.
 * A failed setup step is reported through the shared spawn_request before _exit(127) (the start fails); a
 * failed exec is reported as supervisord's child reports it, on the program's stderr, and the start stands.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <uv.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pthread.h>

#define CHILD_STACK_SIZE (256 * 1024)
#define MAX_GROUPS 256

/* Which step failed in the child; names match the syscall Node would report. */
static const char *const STAGE_NAMES[] = {"spawn", "setsid", "dup2", "chdir", "setgroups", "setgid", "setuid"};
enum { STAGE_NONE, STAGE_SETSID, STAGE_DUP, STAGE_CHDIR, STAGE_SETGROUPS, STAGE_SETGID, STAGE_SETUID };

typedef struct {
  const char *file;
  char **argv;
  char **envp;
  const char *cwd; /* NULL: the daemon's */
  int umask;       /* -1: the daemon's */
  long uid, gid;   /* -1: unchanged */
  int ngroups;     /* -1: unchanged */
  gid_t groups[MAX_GROUPS];
  int fds[3]; /* become the child's 0, 1, 2 */
  /* Written by the child (shared memory) when a step fails. */
  volatile int err;
  volatile int stage;
} spawn_request;

/* errno's symbolic name ("ENOEXEC"), as Python's errno.errorcode gives it; no allocation (runs in the child). */
static const char *errno_name(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char *name = strerrorname_np(err);
  if (name) return name;
#endif
  (void)err;
  return "EUNKNOWN";
}

static void append(char *buf, size_t size, size_t *len, const char *text) {
  while (*text && *len + 1 < size) buf[(*len)++] = *text++;
}

/* "supervisor: couldn't exec <argv0>: <ERRNO>" and "supervisor: child process was not spawned" on fd 2. */
static void report_exec_failure(const char *argv0, int err) {
  char buf[1024];
  size_t len = 0;
  append(buf, sizeof buf, &len, "supervisor: couldn't exec ");
  append(buf, sizeof buf, &len, argv0);
  append(buf, sizeof buf, &len, ": ");
  append(buf, sizeof buf, &len, errno_name(err));
  append(buf, sizeof buf, &len, "\nsupervisor: child process was not spawned\n");
  if (write(2, buf, len) < 0) {
    /* nothing left to tell it to */
  }
}

static int child_main(void *arg) {
  spawn_request *req = arg;
  int fds[3];
  struct sigaction dfl;
  sigset_t none;

  /* Handlers and ignored signals (Node ignores SIGPIPE) must not reach the program; all signals are blocked
   * here (see spawn), so no handler of the daemon can run on this borrowed memory before the reset. */
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; s++) {
    if (s != SIGKILL && s != SIGSTOP) sigaction(s, &dfl, NULL);
  }
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);

  req->stage = STAGE_SETSID;
  if (setsid() < 0) goto fail;

  /* Move sources out of 0-2 first so one dup2 cannot overwrite another's source. */
  req->stage = STAGE_DUP;
  for (int i = 0; i < 3; i++) {
    fds[i] = req->fds[i];
    if (fds[i] < 3) {
      fds[i] = fcntl(fds[i], F_DUPFD, 3);
      if (fds[i] < 0) goto fail;
    }
  }
  for (int i = 0; i < 3; i++) {
    if (dup2(fds[i], i) < 0) goto fail;
  }
  /* Only 0-2 are passed on, as supervisord does (close_range is Linux 5.9+; older kernels rely on CLOEXEC). */
#ifdef SYS_close_range
  syscall(SYS_close_range, 3U, ~0U, 0U);
#endif

  if (req->umask >= 0) umask((mode_t)req->umask);
  req->stage = STAGE_CHDIR;
  if (req->cwd && chdir(req->cwd) < 0) goto fail;

  /* Raw syscalls: glibc's set*id wrappers signal every thread of the process, and this one has none. */
  if (req->ngroups >= 0) {
    req->stage = STAGE_SETGROUPS;
    if (syscall(SYS_setgroups, (size_t)req->ngroups, req->groups) < 0) goto fail;
  }
  req->stage = STAGE_SETGID;
  if (req->gid >= 0 && syscall(SYS_setgid, (gid_t)req->gid) < 0) goto fail;
  req->stage = STAGE_SETUID;
  if (req->uid >= 0 && syscall(SYS_setuid, (uid_t)req->uid) < 0) goto fail;

  execve(req->file, req->argv, req->envp);
  /* Like supervisord's child: say why on fd 2 and exit 127; the daemon sees a start followed by an exit. */
  report_exec_failure(req->argv[0], errno);
  _exit(127);
fail:
  req->err = errno ? errno : EINVAL;
  _exit(127);
}

/* ---------------------------------------------------------------- N-API helpers */

#define CHECK(call)                                                                                              \
  do {                                                                                                           \
    if ((call) != napi_ok) goto napi_failed;                                                                     \
  } while (0)

static napi_value throw_errno(napi_env env, int err, const char *syscall_name) {
  napi_value code, msg, error, sys;
  char text[256];
  const char *name = errno_name(err);
  snprintf(text, sizeof text, "%s %s: %s", syscall_name, name, strerror(err));
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  napi_create_string_utf8(env, syscall_name, NAPI_AUTO_LENGTH, &sys);
  napi_set_named_property(env, error, "syscall", sys);
  napi_throw(env, error);
  return NULL;
}

static char *get_string(napi_env env, napi_value value) {
  size_t len;
  char *s;
  if (napi_get_value_string_utf8(env, value, NULL, 0, &len) != napi_ok) return NULL;
  s = malloc(len + 1);
  if (s && napi_get_value_string_utf8(env, value, s, len + 1, &len) != napi_ok) {
    free(s);
    return NULL;
  }
  return s;
}

static napi_value get_prop(napi_env env, napi_value obj, const char *name) {
  napi_value v = NULL;
  napi_get_named_property(env, obj, name, &v);
  return v;
}

static int get_int(napi_env env, napi_value obj, const char *name, int fallback) {
  int32_t v;
  if (napi_get_value_int32(env, get_prop(env, obj, name), &v) != napi_ok) return fallback;
  return v;
}

/* A JS string array as a NULL-terminated char* vector (NULL on a non-string element). */
static char **get_string_array(napi_env env, napi_value arr) {
  uint32_t n;
  char **v;
  if (napi_get_array_length(env, arr, &n) != napi_ok) return NULL;
  v = calloc(n + 1, sizeof *v);
  if (!v) return NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value el;
    if (napi_get_element(env, arr, i, &el) != napi_ok || !(v[i] = get_string(env, el))) {
      for (uint32_t j = 0; j < i; j++) free(v[j]);
      free(v);
      return NULL;
    }
  }
  return v;
}

static void free_string_array(char **v) {
  if (!v) return;
  for (char **p = v; *p; p++) free(*p);
  free(v);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/*
 * spawn({ file, argv, env: ["K=V"], cwd?, umask?, uid?, gid?, groups?, stdinFd?, redirectStderr? })
 *   -> { pid, stdin, stdout, stderr }  (the daemon's ends of new pipes; -1 where none)
 * Throws an Error with code (ENOENT...) and syscall (the failed step) when the program could not be started.
 */
static napi_value Spawn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value opts, result = NULL, v;
  spawn_request *req = NULL;
  char *stack = NULL;
  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  int stdin_fd, redirect, err = 0;
  const char *failed = "spawn";
  bool flag = false;
  pid_t pid;
  sigset_t all, old;

  CHECK(napi_get_cb_info(env, info, &argc, &opts, NULL, NULL));
  req = calloc(1, sizeof *req);
  if (!req) return throw_errno(env, ENOMEM, "spawn");
  req->file = get_string(env, get_prop(env, opts, "file"));
  req->argv = get_string_array(env, get_prop(env, opts, "argv"));
  req->envp = get_string_array(env, get_prop(env, opts, "env"));
  if (!req->file || !req->argv || !req->envp) {
    napi_throw_type_error(env, NULL, "spawn: file, argv and env must be strings");
    goto done;
  }
  v = get_prop(env, opts, "cwd");
  napi_valuetype t;
  if (v && napi_typeof(env, v, &t) == napi_ok && t == napi_string) req->cwd = get_string(env, v);
  req->umask = get_int(env, opts, "umask", -1);
  req->uid = get_int(env, opts, "uid", -1);
  req->gid = get_int(env, opts, "gid", -1);
  req->ngroups = -1;
  v = get_prop(env, opts, "groups");
  if (v && napi_is_array(env, v, &flag) == napi_ok && flag) {
    uint32_t n;
    napi_get_array_length(env, v, &n);
    req->ngroups = n > MAX_GROUPS ? MAX_GROUPS : (int)n;
    for (int i = 0; i < req->ngroups; i++) {
      napi_value el;
      uint32_t g = 0;
      napi_get_element(env, v, (uint32_t)i, &el);
      napi_get_value_uint32(env, el, &g);
      req->groups[i] = (gid_t)g;
    }
  }
  stdin_fd = get_int(env, opts, "stdinFd", -1);
  flag = false;
  napi_get_value_bool(env, get_prop(env, opts, "redirectStderr"), &flag);
  redirect = flag;

  failed = "pipe";
  if (stdin_fd < 0 && pipe2(in_pipe, O_CLOEXEC) < 0) goto sys_failed;
  if (pipe2(out_pipe, O_CLOEXEC) < 0) goto sys_failed;
  if (!redirect && pipe2(err_pipe, O_CLOEXEC) < 0) goto sys_failed;
  req->fds[0] = stdin_fd >= 0 ? stdin_fd : in_pipe[0];
  req->fds[1] = out_pipe[1];
  req->fds[2] = redirect ? out_pipe[1] : err_pipe[1];

  failed = "spawn";
  stack = malloc(CHILD_STACK_SIZE);
  if (!stack) {
    errno = ENOMEM;
    goto sys_failed;
  }
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pid = clone(child_main, stack + CHILD_STACK_SIZE, CLONE_VM | CLONE_VFORK | SIGCHLD, req);
  err = errno;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (pid < 0) {
    errno = err;
    goto sys_failed;
  }
  close_fd(&in_pipe[0]);
  close_fd(&out_pipe[1]);
  close_fd(&err_pipe[1]);
  if (req->err) {
    /* The child has already called _exit(127): collect it so it never shows up as one of ours. */
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    errno = req->err;
    failed = STAGE_NAMES[req->stage];
    goto sys_failed;
  }

  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_int32(env, pid, &v));
  CHECK(napi_set_named_property(env, result, "pid", v));
  CHECK(napi_create_int32(env, in_pipe[1], &v));
  CHECK(napi_set_named_property(env, result, "stdin", v));
  CHECK(napi_create_int32(env, out_pipe[0], &v));
  CHECK(napi_set_named_property(env, result, "stdout", v));
  CHECK(napi_create_int32(env, err_pipe[0], &v));
  CHECK(napi_set_named_property(env, result, "stderr", v));
  goto done;

sys_failed:
  err = errno;
  close_fd(&in_pipe[0]);
  close_fd(&in_pipe[1]);
  close_fd(&out_pipe[0]);
  close_fd(&out_pipe[1]);
  close_fd(&err_pipe[0]);
  close_fd(&err_pipe[1]);
  throw_errno(env, err, failed);
  result = NULL;
  goto done;
napi_failed:
  napi_throw_error(env, NULL, "spawn: bad arguments");
  result = NULL;
done:
  free(stack);
  if (req) {
    free((char *)req->file);
    free((char *)req->cwd);
    free_string_array(req->argv);
    free_string_array(req->envp);
    free(req);
  }
  return result;
}

/* exitedChild() -> pid of a child that has exited and not been collected yet, or 0. Collects nothing. */
static napi_value ExitedChild(napi_env env, napi_callback_info info) {
  siginfo_t si;
  napi_value v;
  (void)info;
  memset(&si, 0, sizeof si);
  if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0) si.si_pid = 0;
  napi_create_int32(env, si.si_pid, &v);
  return v;
}

/*
 * reap(pid) -> null while it runs; [exitCode, null, false] or [null, signalNumber, coreDumped] once collected;
 * [null, null, false] when it is not our child any more (someone else collected it).
 */
static napi_value Reap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result, code, sig, core, nul;
  int32_t pid;
  int status = 0;
  pid_t r;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  if (napi_get_value_int32(env, arg, &pid) != napi_ok || pid <= 0) {
    napi_throw_type_error(env, NULL, "reap: pid must be a positive integer");
    return NULL;
  }
  do r = waitpid(pid, &status, WNOHANG);
  while (r < 0 && errno == EINTR);
  napi_get_null(env, &nul);
  if (r == 0) return nul;
  napi_create_array_with_length(env, 3, &result);
  code = sig = nul;
  if (r > 0 && WIFEXITED(status)) napi_create_int32(env, WEXITSTATUS(status), &code);
  if (r > 0 && WIFSIGNALED(status)) napi_create_int32(env, WTERMSIG(status), &sig);
  napi_get_boolean(env, r > 0 && WIFSIGNALED(status) && WCOREDUMP(status), &core);
  napi_set_element(env, result, 0, code);
  napi_set_element(env, result, 1, sig);
  napi_set_element(env, result, 2, core);
  return result;
}

/*
 * watchChildren(callback): call callback() on every SIGCHLD. A libuv signal watcher of our own rather than
 * process.on('SIGCHLD'), which does not reach the real process inside sandboxes such as jest's; unref'd, so it
 * never keeps the daemon alive.
 */
static struct {
  uv_signal_t handle;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
} child_watch;

static void on_sigchld(uv_signal_t *handle, int signum) {
  napi_handle_scope scope;
  napi_value callback, recv;
  (void)handle;
  (void)signum;
  napi_open_handle_scope(child_watch.env, &scope);
  if (napi_get_reference_value(child_watch.env, child_watch.callback, &callback) == napi_ok && callback) {
    napi_get_global(child_watch.env, &recv);
    napi_make_callback(child_watch.env, child_watch.context, recv, callback, 0, NULL, NULL);
  }
  napi_close_handle_scope(child_watch.env, scope);
}

/* At exit, before the environment goes away: a late SIGCHLD must not call into it. */
static void stop_watching(void *arg) {
  (void)arg;
  uv_signal_stop(&child_watch.handle);
  uv_close((uv_handle_t *)&child_watch.handle, NULL);
  napi_async_destroy(child_watch.env, child_watch.context);
  napi_delete_reference(child_watch.env, child_watch.callback);
}

static napi_value WatchChildren(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value callback, name;
  uv_loop_t *loop;
  napi_get_cb_info(env, info, &argc, &callback, NULL, NULL);
  if (child_watch.env) {
    napi_throw_error(env, NULL, "watchChildren: already watching");
    return NULL;
  }
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || napi_create_reference(env, callback, 1, &child_watch.callback) != napi_ok) {
    napi_throw_error(env, NULL, "watchChildren: no event loop");
    return NULL;
  }
  napi_create_string_utf8(env, "tsupervisor:SIGCHLD", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &child_watch.context);
  child_watch.env = env;
  uv_signal_init(loop, &child_watch.handle);
  uv_signal_start(&child_watch.handle, on_sigchld, SIGCHLD);
  uv_unref((uv_handle_t *)&child_watch.handle);
  napi_add_env_cleanup_hook(env, stop_watching, NULL);
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"spawn", NULL, Spawn, NULL, NULL, NULL, napi_default, NULL},
      {"exitedChild", NULL, ExitedChild, NULL, NULL, NULL, napi_default, NULL},
      {"reap", NULL, Reap, NULL, NULL, NULL, napi_default, NULL},
      {"watchChildren", NULL, WatchChildren, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
