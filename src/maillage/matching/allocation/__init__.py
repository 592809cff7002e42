"""Territory allocation: optimal (LP/MILP), stable (priority-respecting) and FCFS baseline."""
