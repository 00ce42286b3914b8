/* wire: small helpers shared by everything that looks at frames. */
#include "wire.h"

const char *wire_dir_arrow(enum wire_dir dir)
{
	return dir == WIRE_C2S ? "C>S" : "S>C";
}
