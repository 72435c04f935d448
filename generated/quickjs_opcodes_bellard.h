/* quickjs_opcodes_bellard.h: QuickJS bytecode opcode and predefined-atom tables (machine-written). */
/* Regenerate, never edit: python3 generated/gen_quickjs_opcodes.py --variant bellard generated/quickjs-2024-02-14-rquickjs-0.6.1-opcodes.txt generated/quickjs-2024-02-14-rquickjs-0.6.1-atoms.txt > generated/quickjs_opcodes_bellard.h */
/* For quickjs 2024-02-14 (bellard/quickjs 3b45d15, rquickjs-sys 0.6.1, CONFIG_BIGNUM). */
#ifndef JMON_QUICKJS_OPCODES_BELLARD_H
#define JMON_QUICKJS_OPCODES_BELLARD_H

#include "quickjs_opcodes.h"  /* jmon_qjs_opcode_t, jmon_qjs_format_t, JMON_QJS_OP_* */

/** The serialized bytecode version byte (BC_VERSION) these tables describe. */
#define JMON_QJS_BELLARD_BC_VERSION 67
/** Human name of the QuickJS these tables come from. */
#define JMON_QJS_BELLARD_QUICKJS_VERSION "quickjs 2024-02-14 (bellard/quickjs 3b45d15, rquickjs-sys 0.6.1, CONFIG_BIGNUM)"
/** Number of opcode values that can appear in final bytecode (0 .. count-1). */
#define JMON_QJS_BELLARD_OPCODE_COUNT 248
/** JS_ATOM_END of this QuickJS. */
#define JMON_QJS_BELLARD_ATOM_END 228

/** Indexed by the opcode byte; entries >= JMON_QJS_BELLARD_OPCODE_COUNT do not exist. */
static const jmon_qjs_opcode_t jmon_qjs_bellard_opcodes[JMON_QJS_BELLARD_OPCODE_COUNT] = {
  /*   0 */ {"invalid", 1, 0, 0, JMON_QJS_FMT_none, 0},
  /*   1 */ {"push_i32", 5, 0, 1, JMON_QJS_FMT_i32, 0},
  /*   2 */ {"push_const", 5, 0, 1, JMON_QJS_FMT_const, JMON_QJS_OP_HAS_CONST},
  /*   3 */ {"fclosure", 5, 0, 1, JMON_QJS_FMT_const, JMON_QJS_OP_HAS_CONST},
  /*   4 */ {"push_atom_value", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*   5 */ {"private_symbol", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*   6 */ {"undefined", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*   7 */ {"null", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*   8 */ {"push_this", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*   9 */ {"push_false", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*  10 */ {"push_true", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*  11 */ {"object", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /*  12 */ {"special_object", 2, 0, 1, JMON_QJS_FMT_u8, 0},
  /*  13 */ {"rest", 3, 0, 1, JMON_QJS_FMT_u16, 0},
  /*  14 */ {"drop", 1, 1, 0, JMON_QJS_FMT_none, 0},
  /*  15 */ {"nip", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /*  16 */ {"nip1", 1, 3, 2, JMON_QJS_FMT_none, 0},
  /*  17 */ {"dup", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /*  18 */ {"dup1", 1, 2, 3, JMON_QJS_FMT_none, 0},
  /*  19 */ {"dup2", 1, 2, 4, JMON_QJS_FMT_none, 0},
  /*  20 */ {"dup3", 1, 3, 6, JMON_QJS_FMT_none, 0},
  /*  21 */ {"insert2", 1, 2, 3, JMON_QJS_FMT_none, 0},
  /*  22 */ {"insert3", 1, 3, 4, JMON_QJS_FMT_none, 0},
  /*  23 */ {"insert4", 1, 4, 5, JMON_QJS_FMT_none, 0},
  /*  24 */ {"perm3", 1, 3, 3, JMON_QJS_FMT_none, 0},
  /*  25 */ {"perm4", 1, 4, 4, JMON_QJS_FMT_none, 0},
  /*  26 */ {"perm5", 1, 5, 5, JMON_QJS_FMT_none, 0},
  /*  27 */ {"swap", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /*  28 */ {"swap2", 1, 4, 4, JMON_QJS_FMT_none, 0},
  /*  29 */ {"rot3l", 1, 3, 3, JMON_QJS_FMT_none, 0},
  /*  30 */ {"rot3r", 1, 3, 3, JMON_QJS_FMT_none, 0},
  /*  31 */ {"rot4l", 1, 4, 4, JMON_QJS_FMT_none, 0},
  /*  32 */ {"rot5l", 1, 5, 5, JMON_QJS_FMT_none, 0},
  /*  33 */ {"call_constructor", 3, 2, 1, JMON_QJS_FMT_npop, 0},
  /*  34 */ {"call", 3, 1, 1, JMON_QJS_FMT_npop, 0},
  /*  35 */ {"tail_call", 3, 1, 0, JMON_QJS_FMT_npop, 0},
  /*  36 */ {"call_method", 3, 2, 1, JMON_QJS_FMT_npop, 0},
  /*  37 */ {"tail_call_method", 3, 2, 0, JMON_QJS_FMT_npop, 0},
  /*  38 */ {"array_from", 3, 0, 1, JMON_QJS_FMT_npop, 0},
  /*  39 */ {"apply", 3, 3, 1, JMON_QJS_FMT_u16, 0},
  /*  40 */ {"return", 1, 1, 0, JMON_QJS_FMT_none, 0},
  /*  41 */ {"return_undef", 1, 0, 0, JMON_QJS_FMT_none, 0},
  /*  42 */ {"check_ctor_return", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /*  43 */ {"check_ctor", 1, 0, 0, JMON_QJS_FMT_none, 0},
  /*  44 */ {"check_brand", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /*  45 */ {"add_brand", 1, 2, 0, JMON_QJS_FMT_none, 0},
  /*  46 */ {"return_async", 1, 1, 0, JMON_QJS_FMT_none, 0},
  /*  47 */ {"throw", 1, 1, 0, JMON_QJS_FMT_none, 0},
  /*  48 */ {"throw_error", 6, 0, 0, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  49 */ {"eval", 5, 1, 1, JMON_QJS_FMT_npop_u16, 0},
  /*  50 */ {"apply_eval", 3, 2, 1, JMON_QJS_FMT_u16, 0},
  /*  51 */ {"regexp", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /*  52 */ {"get_super", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /*  53 */ {"import", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /*  54 */ {"check_var", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  55 */ {"get_var_undef", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  56 */ {"get_var", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  57 */ {"put_var", 5, 1, 0, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  58 */ {"put_var_init", 5, 1, 0, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  59 */ {"put_var_strict", 5, 2, 0, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  60 */ {"get_ref_value", 1, 2, 3, JMON_QJS_FMT_none, 0},
  /*  61 */ {"put_ref_value", 1, 3, 0, JMON_QJS_FMT_none, 0},
  /*  62 */ {"define_var", 6, 0, 0, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  63 */ {"check_define_var", 6, 0, 0, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  64 */ {"define_func", 6, 1, 0, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  65 */ {"get_field", 5, 1, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  66 */ {"get_field2", 5, 1, 2, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  67 */ {"put_field", 5, 2, 0, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  68 */ {"get_private_field", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /*  69 */ {"put_private_field", 1, 3, 0, JMON_QJS_FMT_none, 0},
  /*  70 */ {"define_private_field", 1, 3, 1, JMON_QJS_FMT_none, 0},
  /*  71 */ {"get_array_el", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /*  72 */ {"get_array_el2", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /*  73 */ {"put_array_el", 1, 3, 0, JMON_QJS_FMT_none, 0},
  /*  74 */ {"get_super_value", 1, 3, 1, JMON_QJS_FMT_none, 0},
  /*  75 */ {"put_super_value", 1, 4, 0, JMON_QJS_FMT_none, 0},
  /*  76 */ {"define_field", 5, 2, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  77 */ {"set_name", 5, 1, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /*  78 */ {"set_name_computed", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /*  79 */ {"set_proto", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /*  80 */ {"set_home_object", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /*  81 */ {"define_array_el", 1, 3, 2, JMON_QJS_FMT_none, 0},
  /*  82 */ {"append", 1, 3, 2, JMON_QJS_FMT_none, 0},
  /*  83 */ {"copy_data_properties", 2, 3, 3, JMON_QJS_FMT_u8, 0},
  /*  84 */ {"define_method", 6, 2, 1, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  85 */ {"define_method_computed", 2, 3, 1, JMON_QJS_FMT_u8, 0},
  /*  86 */ {"define_class", 6, 2, 2, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  87 */ {"define_class_computed", 6, 3, 3, JMON_QJS_FMT_atom_u8, JMON_QJS_OP_HAS_ATOM},
  /*  88 */ {"get_loc", 3, 0, 1, JMON_QJS_FMT_loc, 0},
  /*  89 */ {"put_loc", 3, 1, 0, JMON_QJS_FMT_loc, 0},
  /*  90 */ {"set_loc", 3, 1, 1, JMON_QJS_FMT_loc, 0},
  /*  91 */ {"get_arg", 3, 0, 1, JMON_QJS_FMT_arg, 0},
  /*  92 */ {"put_arg", 3, 1, 0, JMON_QJS_FMT_arg, 0},
  /*  93 */ {"set_arg", 3, 1, 1, JMON_QJS_FMT_arg, 0},
  /*  94 */ {"get_var_ref", 3, 0, 1, JMON_QJS_FMT_var_ref, 0},
  /*  95 */ {"put_var_ref", 3, 1, 0, JMON_QJS_FMT_var_ref, 0},
  /*  96 */ {"set_var_ref", 3, 1, 1, JMON_QJS_FMT_var_ref, 0},
  /*  97 */ {"set_loc_uninitialized", 3, 0, 0, JMON_QJS_FMT_loc, 0},
  /*  98 */ {"get_loc_check", 3, 0, 1, JMON_QJS_FMT_loc, 0},
  /*  99 */ {"put_loc_check", 3, 1, 0, JMON_QJS_FMT_loc, 0},
  /* 100 */ {"put_loc_check_init", 3, 1, 0, JMON_QJS_FMT_loc, 0},
  /* 101 */ {"get_loc_checkthis", 3, 0, 1, JMON_QJS_FMT_loc, 0},
  /* 102 */ {"get_var_ref_check", 3, 0, 1, JMON_QJS_FMT_var_ref, 0},
  /* 103 */ {"put_var_ref_check", 3, 1, 0, JMON_QJS_FMT_var_ref, 0},
  /* 104 */ {"put_var_ref_check_init", 3, 1, 0, JMON_QJS_FMT_var_ref, 0},
  /* 105 */ {"close_loc", 3, 0, 0, JMON_QJS_FMT_loc, 0},
  /* 106 */ {"if_false", 5, 1, 0, JMON_QJS_FMT_label, JMON_QJS_OP_HAS_LABEL},
  /* 107 */ {"if_true", 5, 1, 0, JMON_QJS_FMT_label, JMON_QJS_OP_HAS_LABEL},
  /* 108 */ {"goto", 5, 0, 0, JMON_QJS_FMT_label, JMON_QJS_OP_HAS_LABEL},
  /* 109 */ {"catch", 5, 0, 1, JMON_QJS_FMT_label, JMON_QJS_OP_HAS_LABEL},
  /* 110 */ {"gosub", 5, 0, 0, JMON_QJS_FMT_label, JMON_QJS_OP_HAS_LABEL},
  /* 111 */ {"ret", 1, 1, 0, JMON_QJS_FMT_none, 0},
  /* 112 */ {"nip_catch", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 113 */ {"to_object", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 114 */ {"to_propkey", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 115 */ {"to_propkey2", 1, 2, 2, JMON_QJS_FMT_none, 0},
  /* 116 */ {"with_get_var", 10, 1, 0, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 117 */ {"with_put_var", 10, 2, 1, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 118 */ {"with_delete_var", 10, 1, 0, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 119 */ {"with_make_ref", 10, 1, 0, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 120 */ {"with_get_ref", 10, 1, 0, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 121 */ {"with_get_ref_undef", 10, 1, 0, JMON_QJS_FMT_atom_label_u8, JMON_QJS_OP_HAS_ATOM | JMON_QJS_OP_HAS_LABEL},
  /* 122 */ {"make_loc_ref", 7, 0, 2, JMON_QJS_FMT_atom_u16, JMON_QJS_OP_HAS_ATOM},
  /* 123 */ {"make_arg_ref", 7, 0, 2, JMON_QJS_FMT_atom_u16, JMON_QJS_OP_HAS_ATOM},
  /* 124 */ {"make_var_ref_ref", 7, 0, 2, JMON_QJS_FMT_atom_u16, JMON_QJS_OP_HAS_ATOM},
  /* 125 */ {"make_var_ref", 5, 0, 2, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /* 126 */ {"for_in_start", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 127 */ {"for_of_start", 1, 1, 3, JMON_QJS_FMT_none, 0},
  /* 128 */ {"for_await_of_start", 1, 1, 3, JMON_QJS_FMT_none, 0},
  /* 129 */ {"for_in_next", 1, 1, 3, JMON_QJS_FMT_none, 0},
  /* 130 */ {"for_of_next", 2, 3, 5, JMON_QJS_FMT_u8, 0},
  /* 131 */ {"iterator_check_object", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 132 */ {"iterator_get_value_done", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 133 */ {"iterator_close", 1, 3, 0, JMON_QJS_FMT_none, 0},
  /* 134 */ {"iterator_next", 1, 4, 4, JMON_QJS_FMT_none, 0},
  /* 135 */ {"iterator_call", 2, 4, 5, JMON_QJS_FMT_u8, 0},
  /* 136 */ {"initial_yield", 1, 0, 0, JMON_QJS_FMT_none, 0},
  /* 137 */ {"yield", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 138 */ {"yield_star", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 139 */ {"async_yield_star", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 140 */ {"await", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 141 */ {"neg", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 142 */ {"plus", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 143 */ {"dec", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 144 */ {"inc", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 145 */ {"post_dec", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 146 */ {"post_inc", 1, 1, 2, JMON_QJS_FMT_none, 0},
  /* 147 */ {"dec_loc", 2, 0, 0, JMON_QJS_FMT_loc8, 0},
  /* 148 */ {"inc_loc", 2, 0, 0, JMON_QJS_FMT_loc8, 0},
  /* 149 */ {"add_loc", 2, 1, 0, JMON_QJS_FMT_loc8, 0},
  /* 150 */ {"not", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 151 */ {"lnot", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 152 */ {"typeof", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 153 */ {"delete", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 154 */ {"delete_var", 5, 0, 1, JMON_QJS_FMT_atom, JMON_QJS_OP_HAS_ATOM},
  /* 155 */ {"mul", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 156 */ {"div", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 157 */ {"mod", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 158 */ {"add", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 159 */ {"sub", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 160 */ {"pow", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 161 */ {"shl", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 162 */ {"sar", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 163 */ {"shr", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 164 */ {"lt", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 165 */ {"lte", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 166 */ {"gt", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 167 */ {"gte", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 168 */ {"instanceof", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 169 */ {"in", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 170 */ {"eq", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 171 */ {"neq", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 172 */ {"strict_eq", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 173 */ {"strict_neq", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 174 */ {"and", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 175 */ {"xor", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 176 */ {"or", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 177 */ {"is_undefined_or_null", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 178 */ {"private_in", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 179 */ {"mul_pow10", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 180 */ {"math_mod", 1, 2, 1, JMON_QJS_FMT_none, 0},
  /* 181 */ {"nop", 1, 0, 0, JMON_QJS_FMT_none, 0},
  /* 182 */ {"push_minus1", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 183 */ {"push_0", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 184 */ {"push_1", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 185 */ {"push_2", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 186 */ {"push_3", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 187 */ {"push_4", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 188 */ {"push_5", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 189 */ {"push_6", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 190 */ {"push_7", 1, 0, 1, JMON_QJS_FMT_none_int, 0},
  /* 191 */ {"push_i8", 2, 0, 1, JMON_QJS_FMT_i8, 0},
  /* 192 */ {"push_i16", 3, 0, 1, JMON_QJS_FMT_i16, 0},
  /* 193 */ {"push_const8", 2, 0, 1, JMON_QJS_FMT_const8, JMON_QJS_OP_HAS_CONST},
  /* 194 */ {"fclosure8", 2, 0, 1, JMON_QJS_FMT_const8, JMON_QJS_OP_HAS_CONST},
  /* 195 */ {"push_empty_string", 1, 0, 1, JMON_QJS_FMT_none, 0},
  /* 196 */ {"get_loc8", 2, 0, 1, JMON_QJS_FMT_loc8, 0},
  /* 197 */ {"put_loc8", 2, 1, 0, JMON_QJS_FMT_loc8, 0},
  /* 198 */ {"set_loc8", 2, 1, 1, JMON_QJS_FMT_loc8, 0},
  /* 199 */ {"get_loc0", 1, 0, 1, JMON_QJS_FMT_none_loc, 0},
  /* 200 */ {"get_loc1", 1, 0, 1, JMON_QJS_FMT_none_loc, 0},
  /* 201 */ {"get_loc2", 1, 0, 1, JMON_QJS_FMT_none_loc, 0},
  /* 202 */ {"get_loc3", 1, 0, 1, JMON_QJS_FMT_none_loc, 0},
  /* 203 */ {"put_loc0", 1, 1, 0, JMON_QJS_FMT_none_loc, 0},
  /* 204 */ {"put_loc1", 1, 1, 0, JMON_QJS_FMT_none_loc, 0},
  /* 205 */ {"put_loc2", 1, 1, 0, JMON_QJS_FMT_none_loc, 0},
  /* 206 */ {"put_loc3", 1, 1, 0, JMON_QJS_FMT_none_loc, 0},
  /* 207 */ {"set_loc0", 1, 1, 1, JMON_QJS_FMT_none_loc, 0},
  /* 208 */ {"set_loc1", 1, 1, 1, JMON_QJS_FMT_none_loc, 0},
  /* 209 */ {"set_loc2", 1, 1, 1, JMON_QJS_FMT_none_loc, 0},
  /* 210 */ {"set_loc3", 1, 1, 1, JMON_QJS_FMT_none_loc, 0},
  /* 211 */ {"get_arg0", 1, 0, 1, JMON_QJS_FMT_none_arg, 0},
  /* 212 */ {"get_arg1", 1, 0, 1, JMON_QJS_FMT_none_arg, 0},
  /* 213 */ {"get_arg2", 1, 0, 1, JMON_QJS_FMT_none_arg, 0},
  /* 214 */ {"get_arg3", 1, 0, 1, JMON_QJS_FMT_none_arg, 0},
  /* 215 */ {"put_arg0", 1, 1, 0, JMON_QJS_FMT_none_arg, 0},
  /* 216 */ {"put_arg1", 1, 1, 0, JMON_QJS_FMT_none_arg, 0},
  /* 217 */ {"put_arg2", 1, 1, 0, JMON_QJS_FMT_none_arg, 0},
  /* 218 */ {"put_arg3", 1, 1, 0, JMON_QJS_FMT_none_arg, 0},
  /* 219 */ {"set_arg0", 1, 1, 1, JMON_QJS_FMT_none_arg, 0},
  /* 220 */ {"set_arg1", 1, 1, 1, JMON_QJS_FMT_none_arg, 0},
  /* 221 */ {"set_arg2", 1, 1, 1, JMON_QJS_FMT_none_arg, 0},
  /* 222 */ {"set_arg3", 1, 1, 1, JMON_QJS_FMT_none_arg, 0},
  /* 223 */ {"get_var_ref0", 1, 0, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 224 */ {"get_var_ref1", 1, 0, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 225 */ {"get_var_ref2", 1, 0, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 226 */ {"get_var_ref3", 1, 0, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 227 */ {"put_var_ref0", 1, 1, 0, JMON_QJS_FMT_none_var_ref, 0},
  /* 228 */ {"put_var_ref1", 1, 1, 0, JMON_QJS_FMT_none_var_ref, 0},
  /* 229 */ {"put_var_ref2", 1, 1, 0, JMON_QJS_FMT_none_var_ref, 0},
  /* 230 */ {"put_var_ref3", 1, 1, 0, JMON_QJS_FMT_none_var_ref, 0},
  /* 231 */ {"set_var_ref0", 1, 1, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 232 */ {"set_var_ref1", 1, 1, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 233 */ {"set_var_ref2", 1, 1, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 234 */ {"set_var_ref3", 1, 1, 1, JMON_QJS_FMT_none_var_ref, 0},
  /* 235 */ {"get_length", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 236 */ {"if_false8", 2, 1, 0, JMON_QJS_FMT_label8, JMON_QJS_OP_HAS_LABEL},
  /* 237 */ {"if_true8", 2, 1, 0, JMON_QJS_FMT_label8, JMON_QJS_OP_HAS_LABEL},
  /* 238 */ {"goto8", 2, 0, 0, JMON_QJS_FMT_label8, JMON_QJS_OP_HAS_LABEL},
  /* 239 */ {"goto16", 3, 0, 0, JMON_QJS_FMT_label16, JMON_QJS_OP_HAS_LABEL},
  /* 240 */ {"call0", 1, 1, 1, JMON_QJS_FMT_npopx, 0},
  /* 241 */ {"call1", 1, 1, 1, JMON_QJS_FMT_npopx, 0},
  /* 242 */ {"call2", 1, 1, 1, JMON_QJS_FMT_npopx, 0},
  /* 243 */ {"call3", 1, 1, 1, JMON_QJS_FMT_npopx, 0},
  /* 244 */ {"is_undefined", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 245 */ {"is_null", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 246 */ {"typeof_is_undefined", 1, 1, 1, JMON_QJS_FMT_none, 0},
  /* 247 */ {"typeof_is_function", 1, 1, 1, JMON_QJS_FMT_none, 0},
};

/** Predefined atoms' strings, indexed by atom value; [0] is JS_ATOM_NULL (no name). */
static const char *const jmon_qjs_bellard_atoms[JMON_QJS_BELLARD_ATOM_END] = {
  /*   0 */ "",
  /*   1 */ "null", /* null */
  /*   2 */ "false", /* false */
  /*   3 */ "true", /* true */
  /*   4 */ "if", /* if */
  /*   5 */ "else", /* else */
  /*   6 */ "return", /* return */
  /*   7 */ "var", /* var */
  /*   8 */ "this", /* this */
  /*   9 */ "delete", /* delete */
  /*  10 */ "void", /* void */
  /*  11 */ "typeof", /* typeof */
  /*  12 */ "new", /* new */
  /*  13 */ "in", /* in */
  /*  14 */ "instanceof", /* instanceof */
  /*  15 */ "do", /* do */
  /*  16 */ "while", /* while */
  /*  17 */ "for", /* for */
  /*  18 */ "break", /* break */
  /*  19 */ "continue", /* continue */
  /*  20 */ "switch", /* switch */
  /*  21 */ "case", /* case */
  /*  22 */ "default", /* default */
  /*  23 */ "throw", /* throw */
  /*  24 */ "try", /* try */
  /*  25 */ "catch", /* catch */
  /*  26 */ "finally", /* finally */
  /*  27 */ "function", /* function */
  /*  28 */ "debugger", /* debugger */
  /*  29 */ "with", /* with */
  /*  30 */ "class", /* class */
  /*  31 */ "const", /* const */
  /*  32 */ "enum", /* enum */
  /*  33 */ "export", /* export */
  /*  34 */ "extends", /* extends */
  /*  35 */ "import", /* import */
  /*  36 */ "super", /* super */
  /*  37 */ "implements", /* implements */
  /*  38 */ "interface", /* interface */
  /*  39 */ "let", /* let */
  /*  40 */ "package", /* package */
  /*  41 */ "private", /* private */
  /*  42 */ "protected", /* protected */
  /*  43 */ "public", /* public */
  /*  44 */ "static", /* static */
  /*  45 */ "yield", /* yield */
  /*  46 */ "await", /* await */
  /*  47 */ "", /* empty_string */
  /*  48 */ "length", /* length */
  /*  49 */ "fileName", /* fileName */
  /*  50 */ "lineNumber", /* lineNumber */
  /*  51 */ "columnNumber", /* columnNumber */
  /*  52 */ "message", /* message */
  /*  53 */ "cause", /* cause */
  /*  54 */ "errors", /* errors */
  /*  55 */ "stack", /* stack */
  /*  56 */ "name", /* name */
  /*  57 */ "toString", /* toString */
  /*  58 */ "toLocaleString", /* toLocaleString */
  /*  59 */ "valueOf", /* valueOf */
  /*  60 */ "eval", /* eval */
  /*  61 */ "prototype", /* prototype */
  /*  62 */ "constructor", /* constructor */
  /*  63 */ "configurable", /* configurable */
  /*  64 */ "writable", /* writable */
  /*  65 */ "enumerable", /* enumerable */
  /*  66 */ "value", /* value */
  /*  67 */ "get", /* get */
  /*  68 */ "set", /* set */
  /*  69 */ "of", /* of */
  /*  70 */ "__proto__", /* __proto__ */
  /*  71 */ "undefined", /* undefined */
  /*  72 */ "number", /* number */
  /*  73 */ "boolean", /* boolean */
  /*  74 */ "string", /* string */
  /*  75 */ "object", /* object */
  /*  76 */ "symbol", /* symbol */
  /*  77 */ "integer", /* integer */
  /*  78 */ "unknown", /* unknown */
  /*  79 */ "arguments", /* arguments */
  /*  80 */ "callee", /* callee */
  /*  81 */ "caller", /* caller */
  /*  82 */ "<eval>", /* _eval_ */
  /*  83 */ "<ret>", /* _ret_ */
  /*  84 */ "<var>", /* _var_ */
  /*  85 */ "<arg_var>", /* _arg_var_ */
  /*  86 */ "<with>", /* _with_ */
  /*  87 */ "lastIndex", /* lastIndex */
  /*  88 */ "target", /* target */
  /*  89 */ "index", /* index */
  /*  90 */ "input", /* input */
  /*  91 */ "defineProperties", /* defineProperties */
  /*  92 */ "apply", /* apply */
  /*  93 */ "join", /* join */
  /*  94 */ "concat", /* concat */
  /*  95 */ "split", /* split */
  /*  96 */ "construct", /* construct */
  /*  97 */ "getPrototypeOf", /* getPrototypeOf */
  /*  98 */ "setPrototypeOf", /* setPrototypeOf */
  /*  99 */ "isExtensible", /* isExtensible */
  /* 100 */ "preventExtensions", /* preventExtensions */
  /* 101 */ "has", /* has */
  /* 102 */ "deleteProperty", /* deleteProperty */
  /* 103 */ "defineProperty", /* defineProperty */
  /* 104 */ "getOwnPropertyDescriptor", /* getOwnPropertyDescriptor */
  /* 105 */ "ownKeys", /* ownKeys */
  /* 106 */ "add", /* add */
  /* 107 */ "done", /* done */
  /* 108 */ "next", /* next */
  /* 109 */ "values", /* values */
  /* 110 */ "source", /* source */
  /* 111 */ "flags", /* flags */
  /* 112 */ "global", /* global */
  /* 113 */ "unicode", /* unicode */
  /* 114 */ "raw", /* raw */
  /* 115 */ "new.target", /* new_target */
  /* 116 */ "this.active_func", /* this_active_func */
  /* 117 */ "<home_object>", /* home_object */
  /* 118 */ "<computed_field>", /* computed_field */
  /* 119 */ "<static_computed_field>", /* static_computed_field */
  /* 120 */ "<class_fields_init>", /* class_fields_init */
  /* 121 */ "<brand>", /* brand */
  /* 122 */ "#constructor", /* hash_constructor */
  /* 123 */ "as", /* as */
  /* 124 */ "from", /* from */
  /* 125 */ "meta", /* meta */
  /* 126 */ "*default*", /* _default_ */
  /* 127 */ "*", /* _star_ */
  /* 128 */ "Module", /* Module */
  /* 129 */ "then", /* then */
  /* 130 */ "resolve", /* resolve */
  /* 131 */ "reject", /* reject */
  /* 132 */ "promise", /* promise */
  /* 133 */ "proxy", /* proxy */
  /* 134 */ "revoke", /* revoke */
  /* 135 */ "async", /* async */
  /* 136 */ "exec", /* exec */
  /* 137 */ "groups", /* groups */
  /* 138 */ "indices", /* indices */
  /* 139 */ "status", /* status */
  /* 140 */ "reason", /* reason */
  /* 141 */ "globalThis", /* globalThis */
  /* 142 */ "bigint", /* bigint */
  /* 143 */ "bigfloat", /* bigfloat */
  /* 144 */ "bigdecimal", /* bigdecimal */
  /* 145 */ "roundingMode", /* roundingMode */
  /* 146 */ "maximumSignificantDigits", /* maximumSignificantDigits */
  /* 147 */ "maximumFractionDigits", /* maximumFractionDigits */
  /* 148 */ "not-equal", /* not_equal */
  /* 149 */ "timed-out", /* timed_out */
  /* 150 */ "ok", /* ok */
  /* 151 */ "toJSON", /* toJSON */
  /* 152 */ "Object", /* Object */
  /* 153 */ "Array", /* Array */
  /* 154 */ "Error", /* Error */
  /* 155 */ "Number", /* Number */
  /* 156 */ "String", /* String */
  /* 157 */ "Boolean", /* Boolean */
  /* 158 */ "Symbol", /* Symbol */
  /* 159 */ "Arguments", /* Arguments */
  /* 160 */ "Math", /* Math */
  /* 161 */ "JSON", /* JSON */
  /* 162 */ "Date", /* Date */
  /* 163 */ "Function", /* Function */
  /* 164 */ "GeneratorFunction", /* GeneratorFunction */
  /* 165 */ "ForInIterator", /* ForInIterator */
  /* 166 */ "RegExp", /* RegExp */
  /* 167 */ "ArrayBuffer", /* ArrayBuffer */
  /* 168 */ "SharedArrayBuffer", /* SharedArrayBuffer */
  /* 169 */ "Uint8ClampedArray", /* Uint8ClampedArray */
  /* 170 */ "Int8Array", /* Int8Array */
  /* 171 */ "Uint8Array", /* Uint8Array */
  /* 172 */ "Int16Array", /* Int16Array */
  /* 173 */ "Uint16Array", /* Uint16Array */
  /* 174 */ "Int32Array", /* Int32Array */
  /* 175 */ "Uint32Array", /* Uint32Array */
  /* 176 */ "BigInt64Array", /* BigInt64Array */
  /* 177 */ "BigUint64Array", /* BigUint64Array */
  /* 178 */ "Float32Array", /* Float32Array */
  /* 179 */ "Float64Array", /* Float64Array */
  /* 180 */ "DataView", /* DataView */
  /* 181 */ "BigInt", /* BigInt */
  /* 182 */ "BigFloat", /* BigFloat */
  /* 183 */ "BigFloatEnv", /* BigFloatEnv */
  /* 184 */ "BigDecimal", /* BigDecimal */
  /* 185 */ "OperatorSet", /* OperatorSet */
  /* 186 */ "Operators", /* Operators */
  /* 187 */ "Map", /* Map */
  /* 188 */ "Set", /* Set */
  /* 189 */ "WeakMap", /* WeakMap */
  /* 190 */ "WeakSet", /* WeakSet */
  /* 191 */ "Map Iterator", /* Map_Iterator */
  /* 192 */ "Set Iterator", /* Set_Iterator */
  /* 193 */ "Array Iterator", /* Array_Iterator */
  /* 194 */ "String Iterator", /* String_Iterator */
  /* 195 */ "RegExp String Iterator", /* RegExp_String_Iterator */
  /* 196 */ "Generator", /* Generator */
  /* 197 */ "Proxy", /* Proxy */
  /* 198 */ "Promise", /* Promise */
  /* 199 */ "PromiseResolveFunction", /* PromiseResolveFunction */
  /* 200 */ "PromiseRejectFunction", /* PromiseRejectFunction */
  /* 201 */ "AsyncFunction", /* AsyncFunction */
  /* 202 */ "AsyncFunctionResolve", /* AsyncFunctionResolve */
  /* 203 */ "AsyncFunctionReject", /* AsyncFunctionReject */
  /* 204 */ "AsyncGeneratorFunction", /* AsyncGeneratorFunction */
  /* 205 */ "AsyncGenerator", /* AsyncGenerator */
  /* 206 */ "EvalError", /* EvalError */
  /* 207 */ "RangeError", /* RangeError */
  /* 208 */ "ReferenceError", /* ReferenceError */
  /* 209 */ "SyntaxError", /* SyntaxError */
  /* 210 */ "TypeError", /* TypeError */
  /* 211 */ "URIError", /* URIError */
  /* 212 */ "InternalError", /* InternalError */
  /* 213 */ "<brand>", /* Private_brand */
  /* 214 */ "Symbol.toPrimitive", /* Symbol_toPrimitive */
  /* 215 */ "Symbol.iterator", /* Symbol_iterator */
  /* 216 */ "Symbol.match", /* Symbol_match */
  /* 217 */ "Symbol.matchAll", /* Symbol_matchAll */
  /* 218 */ "Symbol.replace", /* Symbol_replace */
  /* 219 */ "Symbol.search", /* Symbol_search */
  /* 220 */ "Symbol.split", /* Symbol_split */
  /* 221 */ "Symbol.toStringTag", /* Symbol_toStringTag */
  /* 222 */ "Symbol.isConcatSpreadable", /* Symbol_isConcatSpreadable */
  /* 223 */ "Symbol.hasInstance", /* Symbol_hasInstance */
  /* 224 */ "Symbol.species", /* Symbol_species */
  /* 225 */ "Symbol.unscopables", /* Symbol_unscopables */
  /* 226 */ "Symbol.asyncIterator", /* Symbol_asyncIterator */
  /* 227 */ "Symbol.operatorSet", /* Symbol_operatorSet */
};

#endif
