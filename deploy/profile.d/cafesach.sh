# Café sách 4.0 — one data folder for the kiosk and a technician's `cafesach` commands.
export CAFESACH_DATA=@DATA@
