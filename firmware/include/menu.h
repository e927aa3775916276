// The console menu: one key per command.
//
// Any source file adds a command with MENU_ITEM; no central table to edit, so
// a project's src/ or a kernel library can add commands by adding a file.
//
//   static int run_hello(void) { printf("hello\n"); return 0; }
//   MENU_ITEM(hello, 'h', "say hello", MENU_MANUAL, run_hello);
//
// A command returns 0 on success. Commands flagged MENU_AUTO also run, in
// order of their names, under the 'a' key ("run all"), which is what the
// simulator's default key script presses.
#ifndef FIRMWARE_INCLUDE_MENU_H_
#define FIRMWARE_INCLUDE_MENU_H_

enum MenuFlags {
  MENU_MANUAL = 0,
  MENU_AUTO = 1,
};

struct MenuItem {
  char key;
  int flags;
  const char* description;
  int (*run)(void);
};

// Places the item in section .menu_items.<name>; the linker script gathers
// these sorted by name between __menu_items_start and __menu_items_end.
#define MENU_ITEM(name, key, description, flags, run)                   \
  __attribute__((used, section(".menu_items." #name), aligned(4)))      \
  static const struct MenuItem menu_item_##name = {(key), (flags),      \
                                                   (description), (run)}

// Runs the menu: the compiled-in key script if there is one (simulation),
// else keys read from the console (a board). Returns the exit code: the
// first non-zero status of the commands run.
int menu_run(void);

#endif  // FIRMWARE_INCLUDE_MENU_H_
