print("propensity")
