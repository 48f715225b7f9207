// XGBoost's C API (Debian: libxgboost-dev, 1.7.4 on Debian 12/13).
#include <xgboost/c_api.h>
