/*
 * A stand-in for libgpiod v1 (libgpiod.so.2) with one 32-line chip and no kernel behind it. It
 * implements the entry points System.Device.Gpio's LibGpiodDriver binds and appends every line
 * request, value change and release to $FAKE_GPIOD_LOG, so a test can see what the daemon drove.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define LINES 32

struct gpiod_line { unsigned offset; int value; int direction; bool requested; };
struct gpiod_chip { struct gpiod_line lines[LINES]; };

static struct gpiod_chip chip0;
static int iterated;

static void note(const char *what, int line, int value)
{
    const char *path = getenv("FAKE_GPIOD_LOG");
    if (path == NULL) return;
    FILE *f = fopen(path, "a");
    if (f == NULL) return;
    fprintf(f, "%s %d %d\n", what, line, value);
    fclose(f);
}

const char *gpiod_version_string(void) { return "1.6.3"; }

struct gpiod_chip *gpiod_chip_open_by_number(unsigned number)
{
    if (number != 0) return NULL;
    for (unsigned i = 0; i < LINES; i++) chip0.lines[i].offset = i;
    return &chip0;
}

void gpiod_chip_close(struct gpiod_chip *chip) { (void)chip; }
int gpiod_chip_num_lines(struct gpiod_chip *chip) { (void)chip; return LINES; }
const char *gpiod_chip_name(struct gpiod_chip *chip) { (void)chip; return "gpiochip0"; }
const char *gpiod_chip_label(struct gpiod_chip *chip) { (void)chip; return "fake-gpio"; }

void *gpiod_chip_iter_new(void) { iterated = 0; return &iterated; }
struct gpiod_chip *gpiod_chip_iter_next_noclose(void *iter) { (void)iter; return iterated++ == 0 ? gpiod_chip_open_by_number(0) : NULL; }
struct gpiod_chip *gpiod_chip_iter_next(void *iter) { return gpiod_chip_iter_next_noclose(iter); }
void gpiod_chip_iter_free_noclose(void *iter) { (void)iter; }
void gpiod_chip_iter_free(void *iter) { (void)iter; }

struct gpiod_line *gpiod_chip_get_line(struct gpiod_chip *chip, unsigned offset)
{
    return offset < LINES ? &chip->lines[offset] : NULL;
}

int gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int value)
{
    (void)consumer;
    line->requested = true; line->direction = 2; line->value = value;
    note("output", (int)line->offset, value);
    return 0;
}

int gpiod_line_request_input(struct gpiod_line *line, const char *consumer)
{
    (void)consumer;
    line->requested = true; line->direction = 1;
    note("input", (int)line->offset, line->value);
    return 0;
}

int gpiod_line_request_input_flags(struct gpiod_line *line, const char *consumer, int flags)
{
    (void)flags;
    return gpiod_line_request_input(line, consumer);
}

int gpiod_line_set_value(struct gpiod_line *line, int value)
{
    line->value = value;
    note("set", (int)line->offset, value);
    return 0;
}

int gpiod_line_get_value(struct gpiod_line *line) { return line->value; }
void gpiod_line_release(struct gpiod_line *line) { if (line->requested) note("release", (int)line->offset, line->value); line->requested = false; }
int gpiod_line_direction(struct gpiod_line *line) { return line->direction == 0 ? 1 : line->direction; }
int gpiod_line_bias(struct gpiod_line *line) { (void)line; return 1; }
bool gpiod_line_is_free(struct gpiod_line *line) { return !line->requested; }
int gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer) { (void)line; (void)consumer; return -1; }
int gpiod_line_request_rising_edge_events(struct gpiod_line *line, const char *consumer) { (void)line; (void)consumer; return -1; }
int gpiod_line_request_falling_edge_events(struct gpiod_line *line, const char *consumer) { (void)line; (void)consumer; return -1; }
int gpiod_line_event_wait(struct gpiod_line *line, const void *timeout) { (void)line; (void)timeout; return 0; }
int gpiod_line_event_read(struct gpiod_line *line, void *event) { (void)line; (void)event; return -1; }
