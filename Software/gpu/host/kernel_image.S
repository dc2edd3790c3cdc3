/* kernel_image.S: embeds the rv32 kernel image (build/kernels.bin, linked at GPU_KERNEL_BASE)
 * into the host program; gpu_load_kernels() copies it in place. */
    .section .rodata.gpu_kernels, "a"
    .balign 16
    .globl gpu_kernel_image, gpu_kernel_image_end
gpu_kernel_image:
    .incbin KERNEL_BIN
    .balign 4
gpu_kernel_image_end:
