/* In a child like every suite run: the run installs its sandbox, which the
 * runner itself must not live under. */
#include "suite/gdb_rerun.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session/exitcode.h"

int suite_gdb_rerun(const struct exec_job *job, const char *addr, FILE *out)
{
	int st;
	pid_t pid;

	fprintf(out, "uvmm test: %s failed: running it again under the gdb stub on %s\n",
		job->name, addr);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct run_request req = job->req;
		struct run_result *res = malloc(sizeof(*res));

		if (!res)
			_exit(UVMM_EXIT_HOST_ERROR);
		req.console = out;
		req.out = out;
		req.log = out;
		req.gdb_addr = addr;
		req.gdb_nowait = 0;
		req.gdb_on_fault = 1;
		run_guest(&req, res);
		fflush(NULL);
		_exit(res->code);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st))
		return -1;
	fprintf(out, "uvmm test: %s under gdb: %s\n", job->name,
		uvmm_exit_code_name(WEXITSTATUS(st)));
	return WEXITSTATUS(st);
}
