// The console menu (see menu.h).
//
// Keys come from FW_MENU_SCRIPT when the build defines it (fw_config.h,
// written by the firmware build: simulation has no one typing), else from
// the UART. Built-in keys: '?' lists commands, 'a' runs every MENU_AUTO
// command, 'q' quits.

#include "menu.h"

#include <stdio.h>

#include "console.h"
#include "fw_config.h"

extern const struct MenuItem __menu_items_start[];
extern const struct MenuItem __menu_items_end[];

static void print_help(void) {
  printf("Commands:\n");
  for (const struct MenuItem* item = __menu_items_start;
       item < __menu_items_end; ++item) {
    printf("  %c  %s%s\n", item->key, item->description,
           (item->flags & MENU_AUTO) ? " (auto)" : "");
  }
  printf("  a  run all auto commands\n  ?  this list\n  q  quit\n");
}

static int run_item(const struct MenuItem* item) {
  printf("\n== %c: %s\n", item->key, item->description);
  int status = item->run();
  if (status != 0) printf("== %c: failed with status %d\n", item->key, status);
  return status;
}

static int run_all_auto(void) {
  int first_failure = 0;
  for (const struct MenuItem* item = __menu_items_start;
       item < __menu_items_end; ++item) {
    if ((item->flags & MENU_AUTO) == 0) continue;
    int status = run_item(item);
    if (status != 0 && first_failure == 0) first_failure = status;
  }
  return first_failure;
}

// Handles one key; returns its status. *quit is set by 'q'.
static int handle_key(char key, int* quit) {
  switch (key) {
    case 'q':
      *quit = 1;
      return 0;
    case '?':
    case 'h':
      print_help();
      return 0;
    case 'a':
      return run_all_auto();
    case '\r':
    case '\n':
    case ' ':
      return 0;
    default:
      break;
  }
  for (const struct MenuItem* item = __menu_items_start;
       item < __menu_items_end; ++item) {
    if (item->key == key) return run_item(item);
  }
  printf("unknown key '%c' (? lists commands)\n", key);
  return 0;
}

int menu_run(void) {
  int first_failure = 0;
  int quit = 0;
#ifdef FW_MENU_SCRIPT
  static const char kScript[] = FW_MENU_SCRIPT;
  printf("menu script: \"%s\"\n", kScript);
  for (const char* key = kScript; *key != '\0' && !quit; ++key) {
    int status = handle_key(*key, &quit);
    if (status != 0 && first_failure == 0) first_failure = status;
  }
#else
  print_help();
  while (!quit) {
    printf("> ");
    char key = console_getc();
    printf("%c\n", key);
    int status = handle_key(key, &quit);
    if (status != 0 && first_failure == 0) first_failure = status;
  }
#endif
  return first_failure;
}
