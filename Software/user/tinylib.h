/* Tiny freestanding runtime for the ISA model's Linux user-mode test programs. */
#ifndef TINYLIB_H
#define TINYLIB_H
typedef __SIZE_TYPE__ size_t;
long sys_write(int fd, const void *buf, unsigned long len);
void sys_exit(int code) __attribute__((noreturn));
void *sys_brk(void *addr);
int printf(const char *fmt, ...);
int puts(const char *s);
void *malloc(size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
char *strcpy(char *d, const char *s);
int strcmp(const char *a, const char *b);
#endif
