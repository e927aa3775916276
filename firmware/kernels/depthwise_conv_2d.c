/* Reference DEPTHWISE_CONV_2D: the plain loop nest, the honest baseline. */
#include "kernels/depthwise_conv_2d.h"

#include "kernels/depthwise_conv_2d_reference.h"

void DepthwiseConvPerChannel(const struct DepthwiseParams* params,
                             const int32_t* output_multiplier,
                             const int32_t* output_shift,
                             const struct Dims4* input_shape, const int8_t* input_data,
                             const struct Dims4* filter_shape, const int8_t* filter_data,
                             const int32_t* bias_data,
                             const struct Dims4* output_shape, int8_t* output_data) {
  DepthwiseConvPerChannelReference(params, output_multiplier, output_shift, input_shape, input_data,
                                   filter_shape, filter_data, bias_data, output_shape, output_data);
}
