// The application: a banner, then the menu (menu.h).

#include <stdio.h>

#include "menu.h"

int main(void) {
  printf("\nCFU firmware%s\n",
#ifdef SW_ONLY
         " (SW_ONLY: CFU instructions emulated in software)"
#else
         ""
#endif
  );
  return menu_run();
}
