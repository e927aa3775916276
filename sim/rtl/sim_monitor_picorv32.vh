// Read before sim_monitor.v in a PicoRV32 SoC: the monitor takes the CPU's PC from PicoRV32.
`define SIM_MONITOR_PICORV32
