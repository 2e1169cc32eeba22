/* The test's name in its UEFI image: compiled once per image with
 * -DUVMM_EFI_NAME='"NAME"' (guest/efi/efi.mk). */
#include "efi_platform.h"

const char uvmm_efi_test_name[] = UVMM_EFI_NAME;
